package dev.agentbank.payments.model;

import java.time.Instant;
import java.util.Objects;

/** Someone a customer may pay, added with a human's confirmation. A removed payee stays stored, for the record. */
public record Payee(PayeeId id, long customerId, PayeeName name, PayeeAccount account, Status status, Instant createdAt,
                    Confirmation confirmation, Instant removedAt) {
    public enum Status { ACTIVE, REMOVED }

    /** How the customer confirmed the payee: the channel, who answered and when. */
    public record Confirmation(String channel, String by, Instant at) {
        public Confirmation {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }
    }

    public Payee {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(confirmation, "confirmation");
        if ((status == Status.REMOVED) != (removedAt != null)) {
            throw new IllegalArgumentException("removedAt is set exactly when the payee is removed");
        }
    }

    public Payee removed(Instant at) {
        return new Payee(id, customerId, name, account, Status.REMOVED, createdAt, confirmation, at);
    }
}
