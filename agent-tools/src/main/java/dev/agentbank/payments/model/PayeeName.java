package dev.agentbank.payments.model;

import dev.agentbank.shared.InvalidRequest;

/** The name a customer gives a payee: 1 to 70 printable characters, no control characters (it reaches prompts). */
public record PayeeName(String value) {
    public static final int MAX_LENGTH = 70;

    public PayeeName {
        if (value == null || value.isBlank()) {
            throw new InvalidRequest("name is required: the payee's name as it should appear, 1 to 70 characters.");
        }
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new InvalidRequest("name is too long: a payee's name is at most 70 characters.");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw new InvalidRequest("name must not contain control characters such as line breaks or tabs.");
        }
    }

    /** Trims the ends; the rest is kept as given. */
    public static PayeeName of(String text) {
        return new PayeeName(text == null ? null : text.strip());
    }

    @Override
    public String toString() {
        return value;
    }
}
