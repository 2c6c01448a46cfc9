package dev.agentbank.accounts.model;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A customer account number: "AB" and ten digits, the last two a mod-97 check (as in IBAN),
 * so a mistyped digit is caught before any lookup.
 */
public record AccountNumber(String value) {
    private static final Pattern FORMAT = Pattern.compile("AB\\d{10}");

    public AccountNumber {
        if (value == null || !FORMAT.matcher(value).matches() || !checksumHolds(value)) {
            throw new IllegalArgumentException("not an account number");
        }
    }

    /** Lenient at the edge: trims, upper-cases, drops spaces. Empty when the text is not a valid number. */
    public static Optional<AccountNumber> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String normalized = text.replace(" ", "").strip().toUpperCase(Locale.ROOT);
        if (!FORMAT.matcher(normalized).matches() || !checksumHolds(normalized)) {
            return Optional.empty();
        }
        return Optional.of(new AccountNumber(normalized));
    }

    /** The number for a serial, with its check digits. */
    public static AccountNumber fromSerial(long serial) {
        if (serial < 0 || serial > 99_999_999L) {
            throw new IllegalArgumentException("serial out of range: " + serial);
        }
        String body = String.format(Locale.ROOT, "%08d", serial);
        int check = 98 - remainder(body + "00");
        return new AccountNumber("AB" + body + String.format(Locale.ROOT, "%02d", check));
    }

    private static boolean checksumHolds(String number) {
        return remainder(number.substring(2)) == 1;
    }

    private static int remainder(String digits) {
        return new BigInteger(digits).mod(BigInteger.valueOf(97)).intValue();
    }

    @Override
    public String toString() {
        return value;
    }
}
