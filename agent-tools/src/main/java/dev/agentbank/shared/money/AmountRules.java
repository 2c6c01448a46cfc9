package dev.agentbank.shared.money;

import dev.agentbank.shared.text.PlainText;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an amount supplied by a person or a model must satisfy before it can move money:
 * a plain positive decimal, no more decimals than the currency has, and at most the configured maximum.
 */
public final class AmountRules {
    // Plain decimals only: no exponent, sign, grouping or spaces, so "1e309" and "NaN" never parse.
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("\\d{1,19}(\\.\\d{1,19})?");

    private final BigDecimal maximum;

    public AmountRules(BigDecimal maximum) {
        this.maximum = Objects.requireNonNull(maximum, "maximum");
    }

    public BigDecimal maximum() {
        return maximum;
    }

    /** Whether the text is a plain decimal such as 250 or 19.99: no sign, exponent, grouping or spaces. */
    public static boolean isPlainDecimal(String text) {
        return text != null && PLAIN_DECIMAL.matcher(text).matches();
    }

    /** Parses text such as "250" or "19.99" in the given currency. */
    public ParsedAmount parse(String raw, Currency currency) {
        if (raw == null || raw.isBlank()) {
            return new ParsedAmount.Invalid("Amount is required, for example 25.00.");
        }
        String text = raw.strip();
        if (text.startsWith("-")) {
            return new ParsedAmount.Invalid("Amount must be positive, got " + abbreviate(text) + ".");
        }
        if (!isPlainDecimal(text)) {
            return new ParsedAmount.Invalid("Amount must be a plain decimal number such as 25.00, got " + abbreviate(text) + ".");
        }
        return check(new BigDecimal(text), currency);
    }

    /**
     * An amount for an account, as a tool gives it: {@code requestedCurrency}, when given, must be the account's (it
     * stops "100" landing in the wrong currency); {@code account} names the account in the refusal.
     */
    public ParsedAmount parseFor(String raw, String requestedCurrency, Currency accountCurrency, Object account) {
        if (requestedCurrency != null && !requestedCurrency.isBlank()) {
            Optional<Currency> requested = Currencies.parse(requestedCurrency);
            if (requested.isEmpty()) {
                return new ParsedAmount.Invalid("currency must be an ISO code such as EUR.");
            }
            if (!requested.get().equals(accountCurrency)) {
                return new ParsedAmount.Invalid("Account " + account + " holds " + accountCurrency.getCurrencyCode() + ", not "
                        + requested.get().getCurrencyCode() + ".");
            }
        }
        return parse(raw, accountCurrency);
    }

    /** Checks an amount that is already a decimal. */
    public ParsedAmount check(BigDecimal amount, Currency currency) {
        if (amount == null) {
            return new ParsedAmount.Invalid("Amount is required, for example 25.00.");
        }
        if (amount.signum() <= 0) {
            return new ParsedAmount.Invalid("Amount must be positive, got " + amount.toPlainString() + ".");
        }
        int scale = Money.scaleOf(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            return new ParsedAmount.Invalid(currency.getCurrencyCode() + " amounts have at most " + scale
                    + " decimal" + (scale == 1 ? "" : "s") + ", got " + abbreviate(amount.toPlainString()) + ".");
        }
        if (amount.compareTo(maximum) > 0) {
            return new ParsedAmount.Invalid("Amount " + amount.toPlainString() + " " + currency.getCurrencyCode()
                    + " is above the maximum of " + maximum.toPlainString() + " per operation.");
        }
        return new ParsedAmount.Valid(new Money(amount, currency));
    }

    private static String abbreviate(String text) {
        String printable = PlainText.hasControlCharacters(text) ? "a value with control characters" : text;
        return printable.length() > 40 ? "'" + printable.substring(0, 40) + "…'" : "'" + printable + "'";
    }

    /** The result of checking an amount: a value, not an exception. */
    public sealed interface ParsedAmount {
        record Valid(Money money) implements ParsedAmount {}

        record Invalid(String message) implements ParsedAmount {}

        default Optional<Money> value() {
            return this instanceof Valid valid ? Optional.of(valid.money()) : Optional.empty();
        }
    }
}
