package dev.agentbank.chat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** A conversation's public id, e.g. {@code c-3f9a1b2c4d5e6f70}: what a user types after {@code --conversation}. */
public record ConversationId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public ConversationId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a conversation id is 8 to 64 letters, digits, '-' or '_'");
        }
    }

    public static Optional<ConversationId> parse(String text) {
        if (text == null || !FORMAT.matcher(text.strip()).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ConversationId(text.strip()));
    }

    public static ConversationId random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return new ConversationId("c-" + HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
