package dev.agentbank.lending.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The terms of one loan product, as a row of the product table will hold them. It checks itself when it is built,
 * so a bad row stops at loading with a message naming the setting, not later in front of a customer.
 * Amounts are in the product's currency; rates and the fee are percents (6.90 means 6.90 %).
 */
public record LoanProduct(String code, Currency currency, BigDecimal minAmount, BigDecimal maxAmount,
                          int minTermMonths, int maxTermMonths, Map<RiskBand, BigDecimal> nominalRatePercent,
                          BigDecimal feePercent, BigDecimal feeMinimum) {
    /** Longer terms make no sense for a consumer loan and would only slow the schedule down. */
    static final int LONGEST_TERM_MONTHS = 600;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public LoanProduct {
        if (code == null || !code.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("code must be lower-case words joined by '-', such as personal-loan");
        }
        Objects.requireNonNull(currency, "currency");
        minAmount = amountSetting("minAmount", minAmount, currency);
        maxAmount = amountSetting("maxAmount", maxAmount, currency);
        feeMinimum = amountSetting("feeMinimum", feeMinimum, currency);
        if (minAmount.signum() <= 0) {
            throw new IllegalArgumentException("minAmount must be positive");
        }
        if (minAmount.compareTo(maxAmount) > 0) {
            throw new IllegalArgumentException("minAmount must not be above maxAmount");
        }
        if (minTermMonths < 1 || maxTermMonths > LONGEST_TERM_MONTHS || minTermMonths > maxTermMonths) {
            throw new IllegalArgumentException("terms must satisfy 1 <= minTermMonths <= maxTermMonths <= " + LONGEST_TERM_MONTHS);
        }
        Objects.requireNonNull(nominalRatePercent, "nominalRatePercent");
        EnumMap<RiskBand, BigDecimal> rates = new EnumMap<>(RiskBand.class);
        for (RiskBand band : RiskBand.values()) {
            rates.put(band, percentSetting("nominalRatePercent for band " + band, nominalRatePercent.get(band)));
        }
        nominalRatePercent = Collections.unmodifiableMap(rates);
        feePercent = percentSetting("feePercent", feePercent);
        if (feeMinimum.signum() < 0) {
            throw new IllegalArgumentException("feeMinimum must not be negative");
        }
        // The fee is kept back from the payout, so it must leave something to pay out on the smallest loan.
        if (feeMinimum.compareTo(minAmount) >= 0 || fee(minAmount, feePercent, feeMinimum, currency).compareTo(minAmount) >= 0) {
            throw new IllegalArgumentException("feeMinimum and feePercent must leave a payout on minAmount");
        }
    }

    /** The personal loan of issue 11, until the product table holds it. */
    public static LoanProduct personalLoan() {
        return new LoanProduct("personal-loan", Currency.getInstance("EUR"), new BigDecimal("1000.00"),
                new BigDecimal("50000.00"), 6, 84,
                Map.of(RiskBand.A, new BigDecimal("6.90"), RiskBand.B, new BigDecimal("9.90"), RiskBand.C, new BigDecimal("14.90")),
                new BigDecimal("1.00"), new BigDecimal("25.00"));
    }

    /** Why this amount cannot be lent under this product, in one sentence; empty when it can. */
    public Optional<String> amountProblem(BigDecimal amount) {
        if (amount == null) {
            return Optional.of("amount is required, from " + minAmount.toPlainString() + " to " + maxAmount.toPlainString()
                    + " " + currency.getCurrencyCode() + ".");
        }
        int scale = Money.scaleOf(currency);
        if (amount.stripTrailingZeros().scale() > scale) {
            return Optional.of("amount must have at most " + scale + " decimals, got " + amount.toPlainString() + ".");
        }
        if (amount.compareTo(minAmount) < 0 || amount.compareTo(maxAmount) > 0) {
            return Optional.of("amount must be from " + minAmount.toPlainString() + " to " + maxAmount.toPlainString()
                    + " " + currency.getCurrencyCode() + ".");
        }
        return Optional.empty();
    }

    /** Why this term cannot be offered under this product, in one sentence; empty when it can. */
    public Optional<String> termProblem(int termMonths) {
        if (termMonths < minTermMonths || termMonths > maxTermMonths) {
            return Optional.of("term must be from " + minTermMonths + " to " + maxTermMonths + " months.");
        }
        return Optional.empty();
    }

    /** The arrangement fee: feePercent of the amount rounded half-up to cents, but never less than feeMinimum. */
    public Money fee(Money amount) {
        if (!amount.currency().equals(currency)) {
            throw new IllegalArgumentException("amount must be in " + currency.getCurrencyCode() + ", got " + amount);
        }
        return new Money(fee(amount.amount(), feePercent, feeMinimum, currency), currency);
    }

    /** The nominal annual rate, in percent, for a band. */
    public BigDecimal rate(RiskBand band) {
        return nominalRatePercent.get(Objects.requireNonNull(band, "band"));
    }

    public Money min() {
        return new Money(minAmount, currency);
    }

    public Money max() {
        return new Money(maxAmount, currency);
    }

    private static BigDecimal fee(BigDecimal amount, BigDecimal percent, BigDecimal minimum, Currency currency) {
        BigDecimal share = amount.multiply(percent).divide(HUNDRED).setScale(Money.scaleOf(currency), RoundingMode.HALF_UP);
        return share.max(minimum);
    }

    private static BigDecimal amountSetting(String name, BigDecimal value, Currency currency) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        int scale = Money.scaleOf(currency);
        if (value.stripTrailingZeros().scale() > scale) {
            throw new IllegalArgumentException(name + " must have at most " + scale + " decimals");
        }
        return value.setScale(scale);
    }

    /** Rates and fees from 0 up to (not including) 100 %, with at most four decimals like the columns. */
    private static BigDecimal percentSetting(String name, BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (value.signum() < 0 || value.compareTo(HUNDRED) >= 0 || value.stripTrailingZeros().scale() > 4) {
            throw new IllegalArgumentException(name + " must be a percent from 0 to below 100 with at most 4 decimals");
        }
        // One spelling per value, so 6.9 and 6.90 load as equal products.
        return value.setScale(Math.max(2, value.stripTrailingZeros().scale()));
    }
}
