package dev.agentbank.payments.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A payee's first day: at most {@code cap} may be paid to it, confirmed or not, until 24 hours after it was added. A
 * payee added by a tricked customer is the usual way money is stolen, and a day is long enough to notice.
 */
public record NewPayeeCap(BigDecimal cap) {
    public static final Duration PROBATION = Duration.ofHours(24);

    /** Why {@code amount} may not go to this payee now (naming when it can), given what it was paid in its first day. */
    public Optional<String> refusal(Payee payee, Money paidSoFar, Money amount, Instant now) {
        Instant until = payee.createdAt().plus(PROBATION);
        if (!now.isBefore(until)) {
            return Optional.empty();
        }
        Money total = paidSoFar.plus(amount);
        if (total.amount().compareTo(cap) <= 0) {
            return Optional.empty();
        }
        String currency = " " + amount.currency().getCurrencyCode();
        BigDecimal left = cap.subtract(paidSoFar.amount()).max(BigDecimal.ZERO).setScale(amount.amount().scale(), RoundingMode.DOWN);
        return Optional.of("\"" + payee.name().value() + "\" was added less than 24 hours ago, and a new payee can receive at most "
                + cap.setScale(amount.amount().scale(), RoundingMode.DOWN).toPlainString() + currency + " in its first 24 hours ("
                + left.toPlainString() + currency + " left). Nothing was paid. Larger payments to this payee are possible from "
                + until + ".");
    }
}
