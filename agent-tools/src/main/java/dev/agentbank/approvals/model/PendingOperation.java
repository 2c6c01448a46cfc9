package dev.agentbank.approvals.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.time.Instant;

/** A money movement waiting for a human, or what became of it. */
public record PendingOperation(String id, String principal, String idempotencyKey, String kind, Long reversesTransactionId,
                               String fromAccount,
                               String toAccount, BigDecimal amount, String currency, String reference, String fingerprint,
                               Status status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                               String channel, Long transactionId, String failure) {

    public enum Status { PENDING, APPROVED, EXECUTED, REJECTED, EXPIRED, FAILED }

    /** The amount with the currency's decimals, e.g. 250.00 (the column keeps four). */
    public String amountText() {
        return amount.setScale(Money.scaleOf(Currency.getInstance(currency)), RoundingMode.UNNECESSARY).toPlainString();
    }

    /** The status as of now: a pending request past its expiry is expired even before anyone marks it. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !expiresAt.isAfter(now) ? Status.EXPIRED : status;
    }

    public String summary() {
        String what = reversesTransactionId == null ? kind.charAt(0) + kind.substring(1).toLowerCase(Locale.ROOT)
                : "Reversal of transaction " + reversesTransactionId + ",";
        return what + " of " + amountText() + " " + currency
                + (fromAccount == null ? "" : " from " + fromAccount) + (toAccount == null ? "" : " to " + toAccount);
    }
}
