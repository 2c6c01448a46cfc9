package dev.agentbank.lending.model;

import dev.agentbank.shared.InvalidRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The number of one loan application, as the customer and the model see it: "LA-" and twelve characters of Crockford's
 * base32 (digits and upper-case letters without I, L, O and U, so it cannot be misread), 60 random bits. It says
 * nothing about the customer or the order of applications, so it can be shown and typed back safely.
 */
public record ApplicationId(String value) {
    private static final String PREFIX = "LA-";
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int LENGTH = 12;
    private static final Pattern FORMAT = Pattern.compile("LA-[0-9A-HJKMNP-TV-Z]{12}");

    public ApplicationId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("an application id is LA- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not an application id. */
    public static Optional<ApplicationId> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT);
        return FORMAT.matcher(normalized).matches() ? Optional.of(new ApplicationId(normalized)) : Optional.empty();
    }

    /** The id a caller gave, as {@link #parse}; refused in one sentence when it is not an application id. */
    public static ApplicationId required(String text) {
        return parse(text).orElseThrow(() -> new InvalidRequest("application_id must be LA- and twelve letters and digits,"
                + " such as LA-7K3M9QX2B4TD; list_loan_applications shows them."));
    }

    /** A new id from 60 bits of the generator; pass a {@link java.security.SecureRandom} in production. */
    public static ApplicationId random(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        long bits = random.nextLong();
        char[] chars = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return new ApplicationId(PREFIX + new String(chars));
    }

    @Override
    public String toString() {
        return value;
    }
}
