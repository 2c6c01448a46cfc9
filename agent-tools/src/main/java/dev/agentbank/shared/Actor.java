package dev.agentbank.shared;

import java.util.regex.Pattern;

/**
 * Whoever acts: "customer:42", "teller:alice", "system:bench". It scopes idempotency keys
 * and is written on every journal entry and audit event.
 */
public record Actor(String id) {
    private static final Pattern FORMAT = Pattern.compile("[a-z]+:[A-Za-z0-9._@-]{1,100}");

    public static final Actor SYSTEM = new Actor("system:agentbank");

    public Actor {
        if (id == null || !FORMAT.matcher(id).matches()) {
            throw new IllegalArgumentException("actor must look like kind:name, e.g. teller:alice");
        }
    }

    public static Actor of(String kind, String name) {
        return new Actor(kind + ":" + name);
    }

    @Override
    public String toString() {
        return id;
    }
}
