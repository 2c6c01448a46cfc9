package dev.agentbank.approvals;

import java.math.BigDecimal;
import java.time.Instant;

/** A money movement waiting for a human, or what became of it. */
public record PendingOperation(String id, String principal, String idempotencyKey, String kind, String fromAccount,
                               String toAccount, BigDecimal amount, String currency, String reference, String fingerprint,
                               Status status, Instant createdAt, Instant expiresAt, String decidedBy, Instant decidedAt,
                               String channel, Long transactionId, String failure) {

    public enum Status { PENDING, APPROVED, EXECUTED, REJECTED, EXPIRED, FAILED }

    /** The status as of now: a pending request past its expiry is expired even before anyone marks it. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !expiresAt.isAfter(now) ? Status.EXPIRED : status;
    }

    public String summary() {
        return kind.charAt(0) + kind.substring(1).toLowerCase() + " of " + amount.toPlainString() + " " + currency
                + (fromAccount == null ? "" : " from " + fromAccount) + (toAccount == null ? "" : " to " + toAccount);
    }
}
