package dev.agentbank.shared.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount in one currency, always at the currency's scale (2 for EUR, 0 for JPY).
 * Stored as minor units (cents) in the database.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int scale = scaleOf(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " amounts have at most " + scale + " decimals");
        }
        amount = amount.setScale(scale);
    }

    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public static Money ofMinor(long minorUnits, Currency currency) {
        return new Money(BigDecimal.valueOf(minorUnits, scaleOf(currency)), currency);
    }

    /** Fraction digits of a currency; pseudo-currencies without any (XAU) count as 0. */
    public static int scaleOf(Currency currency) {
        return Math.max(0, currency.getDefaultFractionDigits());
    }

    /** Minor units; fails rather than overflowing a 64-bit column. */
    public long minorUnits() {
        BigInteger unscaled = amount.unscaledValue();
        if (unscaled.bitLength() >= 63) {
            throw new ArithmeticException("amount too large for the ledger: " + this);
        }
        return unscaled.longValueExact();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money negate() {
        return new Money(amount.negate(), currency);
    }

    public boolean isNegative() {
        return amount.signum() < 0;
    }

    public boolean isPositive() {
        return amount.signum() > 0;
    }

    public boolean isGreaterThan(Money other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    /** "120.00 EUR": the form every message to a person or a model uses. */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
