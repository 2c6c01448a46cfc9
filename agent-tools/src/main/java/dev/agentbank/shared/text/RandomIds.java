package dev.agentbank.shared.text;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Public ids such as {@code PY-7K3M9QX2B4TD}: a prefix and twelve characters of Crockford's base32 (60 random bits),
 * which say nothing about their owner or how many there are.
 */
public final class RandomIds {
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private final String prefix;
    private final Pattern format;

    /** {@code prefix} such as "PY": ids are then "PY-" and twelve characters. */
    public RandomIds(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix") + "-";
        this.format = Pattern.compile(Pattern.quote(this.prefix) + "[0-9A-HJKMNP-TV-Z]{12}");
    }

    public boolean isValid(String value) {
        return value != null && format.matcher(value).matches();
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not an id of this kind. */
    public Optional<String> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT);
        return isValid(normalized) ? Optional.of(normalized) : Optional.empty();
    }

    /** A new id from 60 bits of the generator; pass a {@link java.security.SecureRandom} in production. */
    public String next(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        long bits = random.nextLong();
        char[] chars = new char[12];
        for (int i = 11; i >= 0; i--) {
            chars[i] = ALPHABET.charAt((int) (bits & 31));
            bits >>>= 5;
        }
        return prefix + new String(chars);
    }
}
