package dev.agentbank.mcp.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The CSRF check: a missing token never matches, and a wrong one takes as long to refuse as a nearly right one. */
final class Csrf {
    static final String FIELD = "csrf";

    private Csrf() {}

    static boolean matches(String expected, String given) {
        if (expected == null || given == null || given.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
