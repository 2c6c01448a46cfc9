package dev.agentbank.lending.model;

import dev.agentbank.shared.text.PlainText;
import java.time.Instant;
import java.util.Objects;

/**
 * The customer's consent to a credit check, as the confirmation outside the model recorded it.
 *
 * @param channel how it was asked and given, such as {@code mcp-elicitation} or {@code chat-terminal}
 * @param givenBy who gave it, as the audit log names actors, such as {@code customer:42}
 * @param at      when it was given
 */
public record Consent(String channel, String givenBy, Instant at) {
    private static final int LONGEST = 100;

    public Consent {
        channel = label("channel", channel);
        givenBy = label("givenBy", givenBy);
        Objects.requireNonNull(at, "at");
    }

    private static String label(String name, String value) {
        if (value == null || value.isBlank() || value.length() > LONGEST || PlainText.hasControlCharacters(value)) {
            throw new IllegalArgumentException(name + " must be 1 to " + LONGEST + " characters of plain text");
        }
        return value.strip();
    }
}
