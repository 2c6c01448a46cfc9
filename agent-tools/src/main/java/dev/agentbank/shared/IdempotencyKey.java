package dev.agentbank.shared;

import dev.agentbank.shared.InvalidRequest;
import java.util.regex.Pattern;

/** The caller's name for one intended operation: retries reuse it, a new operation gets a new one. */
public record IdempotencyKey(String value) {
    private static final Pattern FORMAT = Pattern.compile("[\\x21-\\x7E]{1,128}");

    public IdempotencyKey {
        if (value == null || value.isBlank()) {
            throw new InvalidRequest("idempotency_key is required: make a fresh one (for example a UUID) per intended operation and reuse it only when retrying that operation.");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidRequest("idempotency_key must be 1 to 128 printable ASCII characters without spaces.");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
