package dev.agentbank.approvals.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * One principal's limits, in the currency of the account concerned. Boundaries: an amount exactly at the
 * threshold needs no confirmation; an amount exactly at the per-transaction maximum or using up exactly the
 * rest of the daily limit is allowed. Only amounts above a limit are stopped.
 */
public record SpendingPolicy(BigDecimal threshold, BigDecimal perTransactionMax, BigDecimal dailyOutflowLimit) {
    /** Matches LedgerConfig.UPPER_BOUND, so every limit fits minor units of any currency. */
    static final BigDecimal UPPER_BOUND = new BigDecimal("1000000000000");
    /** The columns keep four decimals; more would be rounded silently. */
    static final int MAX_SCALE = 4;

    public SpendingPolicy {
        for (BigDecimal limit : new BigDecimal[] {threshold, perTransactionMax, dailyOutflowLimit}) {
            if (limit == null || limit.signum() <= 0 || limit.compareTo(UPPER_BOUND) > 0 || limit.stripTrailingZeros().scale() > MAX_SCALE) {
                throw new IllegalArgumentException("limits must be positive, at most " + UPPER_BOUND.toPlainString()
                        + " and have at most " + MAX_SCALE + " decimals");
            }
        }
        if (threshold.compareTo(perTransactionMax) > 0) {
            throw new IllegalArgumentException("the approval threshold must not be above the per-transaction maximum");
        }
    }

    public boolean needsConfirmation(Money amount) {
        return amount.amount().compareTo(threshold) > 0;
    }

    public Optional<String> perTransactionRefusal(Money amount) {
        if (amount.amount().compareTo(perTransactionMax) <= 0) {
            return Optional.empty();
        }
        return Optional.of(format(amount.amount(), amount) + " is above the per-transaction maximum of "
                + format(perTransactionMax, amount) + "; no approval can lift it. Split it or ask the bank to change the limit.");
    }

    /** Why {@code amount} may not leave today when {@code usedToday} already has, or empty when it may. */
    public Optional<String> dailyRefusal(Money usedToday, Money amount) {
        if (usedToday.plus(amount).minorUnits() <= minor(dailyOutflowLimit, amount)) {
            return Optional.empty();
        }
        BigDecimal remaining = dailyOutflowLimit.subtract(usedToday.amount()).max(BigDecimal.ZERO);
        return Optional.of("Daily outflow limit reached: the limit is " + format(dailyOutflowLimit, amount) + " per day and "
                + format(remaining, amount) + " remains today, less than the " + format(amount.amount(), amount)
                + " requested. Nothing was posted.");
    }

    /** A limit in the currency's minor units; a limit finer than the currency allows is rounded down. */
    public static long minor(BigDecimal limit, Money like) {
        return limit.movePointRight(Money.scaleOf(like.currency())).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    public static String format(BigDecimal value, Money like) {
        return value.setScale(Money.scaleOf(like.currency()), RoundingMode.DOWN).toPlainString() + " " + like.currency().getCurrencyCode();
    }
}
