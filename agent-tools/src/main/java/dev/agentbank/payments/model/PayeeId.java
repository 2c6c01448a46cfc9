package dev.agentbank.payments.model;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** A payee's id, "PY-" and twelve characters of Crockford's base32 (60 random bits): says nothing about its owner. */
public record PayeeId(String value) {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Pattern FORMAT = Pattern.compile("PY-[0-9A-HJKMNP-TV-Z]{12}");

    public PayeeId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a payee id is PY- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not a payee id. */
    public static Optional<PayeeId> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT);
        return FORMAT.matcher(normalized).matches() ? Optional.of(new PayeeId(normalized)) : Optional.empty();
    }

    /** A new id from 60 bits of the generator; pass a {@link java.security.SecureRandom} in production. */
    public static PayeeId random(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        long bits = random.nextLong();
        char[] chars = new char[12];
        for (int i = 11; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new PayeeId("PY-" + new String(chars));
    }

    @Override
    public String toString() {
        return value;
    }
}
