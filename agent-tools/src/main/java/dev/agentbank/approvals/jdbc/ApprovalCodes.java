package dev.agentbank.approvals.jdbc;

import java.security.SecureRandom;

/** The eight random characters of an approval request's id: no 0/O or 1/I/L, so a person can read one aloud and type it. */
final class ApprovalCodes {
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApprovalCodes() {}

    static String next() {
        char[] code = new char[8];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }
}
