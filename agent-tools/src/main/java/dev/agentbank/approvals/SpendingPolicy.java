package dev.agentbank.approvals;

import dev.agentbank.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * One principal's limits, in the currency of the account concerned. Boundaries: an amount exactly at the
 * threshold needs no confirmation; an amount exactly at the per-transaction maximum or using up exactly the
 * rest of the daily limit is allowed. Only amounts above a limit are stopped.
 */
public record SpendingPolicy(BigDecimal threshold, BigDecimal perTransactionMax, BigDecimal dailyOutflowLimit) {

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

    /** A limit in the currency's minor units; a limit finer than the currency allows is rounded down. */
    static long minor(BigDecimal limit, Money like) {
        return limit.movePointRight(Money.scaleOf(like.currency())).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    static String format(BigDecimal value, Money like) {
        return value.setScale(Money.scaleOf(like.currency()), RoundingMode.DOWN).toPlainString() + " " + like.currency().getCurrencyCode();
    }
}
