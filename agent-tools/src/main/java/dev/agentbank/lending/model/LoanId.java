package dev.agentbank.lending.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The number of a loan: "LN-" and the twelve characters of the application it was paid out for. One application has
 * one loan, so the id is derived, not drawn: every attempt to disburse an application names the same loan.
 */
public record LoanId(String value) {
    private static final Pattern FORMAT = Pattern.compile("LN-[0-9A-HJKMNP-TV-Z]{12}");

    public LoanId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a loan id is LN- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    public static LoanId of(ApplicationId application) {
        return new LoanId("LN-" + application.value().substring(3));
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not a loan id. */
    public static Optional<LoanId> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String normalized = text.strip().toUpperCase(Locale.ROOT);
        return FORMAT.matcher(normalized).matches() ? Optional.of(new LoanId(normalized)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
