package dev.agentbank.payments.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One payment to a payee, from the moment its money left the payer. A payment to this bank settles in the same
 * entry; one to another bank stays PENDING (its money in the clearing account) until the provider settles it or
 * refuses it, and a refusal RETURNS the money to the payer. A payment fraud screening HELD waits, its money in the
 * clearing account, until an analyst releases it (settled, or pending at the provider) or returns it.
 *
 * @param payeeName    and {@code payeeAccount}: exactly as paid, even if the payee is changed or removed later
 * @param request      the fingerprint of the call that made it, so a key reused for another payment is refused
 * @param confirmedVia who let it through and how: a human's channel, or the threshold
 */
public record Payment(PaymentId id, long customerId, PayeeId payeeId, PayeeAccount.Kind kind, AccountNumber from,
                      String payeeName, String payeeAccount, Money amount, String reference, Status status,
                      String request, Confirmation confirmedVia, long debitEntryId, Long closingEntryId,
                      Optional<String> providerPaymentId, Optional<Returned> returned, Delivery delivery,
                      Instant createdAt, Instant finishedAt) {
    public enum Status { PENDING, HELD, SETTLED, RETURNED }

    public record Confirmation(String by, String channel) {
        public Confirmation {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(channel, "channel");
        }
    }

    /** Why the provider refused it, or the bank did not send it: its code and a sentence for the customer. */
    public record Returned(String code, String reason) {
        private static final String BANK = "BANK_";

        public Returned {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(reason, "reason");
        }

        /** The bank itself sent the money back before it left (a hold ended so); {@code reason} is a whole sentence. */
        public static Returned byTheBank(String code, String reason) {
            return new Returned(BANK + code, reason);
        }

        public boolean byTheBank() {
            return code.startsWith(BANK);
        }
    }

    /** How often the provider was asked, when to ask next, and what went wrong last. */
    public record Delivery(int attempts, Instant nextAttemptAt, String lastProblem) {
        private static final Duration FIRST_WAIT = Duration.ofSeconds(5);
        private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

        public static Delivery now(Instant at) {
            return new Delivery(0, at, null);
        }

        /** One more attempt that got no final answer: the wait doubles from 5 seconds up to 10 minutes. */
        public Delivery failed(String problem, Instant at) {
            int next = attempts + 1;
            Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(next - 1, 10));
            return new Delivery(next, at.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait), problem);
        }
    }

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payeeId, "payeeId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(confirmedVia, "confirmedVia");
        Objects.requireNonNull(delivery, "delivery");
        reference = reference == null ? "" : reference;
        providerPaymentId = Objects.requireNonNullElse(providerPaymentId, Optional.empty());
        returned = Objects.requireNonNullElse(returned, Optional.empty());
        if ((status == Status.RETURNED) != returned.isPresent()) {
            throw new IllegalArgumentException("a payment carries a return reason exactly when it is returned");
        }
        if ((status == Status.PENDING || status == Status.HELD) != (finishedAt == null)) {
            throw new IllegalArgumentException("a payment has finished exactly when it is no longer pending");
        }
    }

    /** The provider paid it. */
    public Payment settled(String providerId, Instant at) {
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, Status.SETTLED, request,
                confirmedVia, debitEntryId, closingEntryId, Optional.of(providerId), Optional.empty(), delivery, createdAt, at);
    }

    /** The provider refused it; the money goes back to the payer. */
    public Payment returnedBy(Optional<String> providerId, Returned why, Instant at) {
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, Status.RETURNED, request,
                confirmedVia, debitEntryId, closingEntryId, providerId.or(() -> providerPaymentId), Optional.of(why), delivery,
                createdAt, at);
    }

    /** The entry that settled or returned it. */
    public Payment closedBy(long entryId) {
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, status, request,
                confirmedVia, debitEntryId, entryId, providerPaymentId, returned, delivery, createdAt, finishedAt);
    }

    /** The provider holds it under {@code providerId} but has not settled it: ask again later. */
    public Payment acceptedBy(String providerId, Instant at) {
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, status, request,
                confirmedVia, debitEntryId, closingEntryId, Optional.of(providerId), returned,
                delivery.failed("the provider has not settled it yet", at), createdAt, finishedAt);
    }

    /** No final answer this time: ask again later, with the same key. */
    public Payment unanswered(String problem, Instant at) {
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, status, request,
                confirmedVia, debitEntryId, closingEntryId, providerPaymentId, returned, delivery.failed(problem, at), createdAt,
                finishedAt);
    }

    /** Released to a payee at this bank: settled by the entry that credited the payee. */
    public Payment releasedHere(long entryId, Instant at) {
        requireHeld();
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, Status.SETTLED, request,
                confirmedVia, debitEntryId, entryId, providerPaymentId, returned, delivery, createdAt, at);
    }

    /** Released to a payee at another bank: pending, the provider to be asked now. */
    public Payment releasedToProvider(Instant at) {
        requireHeld();
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, Status.PENDING, request,
                confirmedVia, debitEntryId, closingEntryId, providerPaymentId, returned, Delivery.now(at), createdAt, null);
    }

    /** Returned from the hold by the entry that credited the payer back. */
    public Payment returnedFromHold(Returned why, long entryId, Instant at) {
        requireHeld();
        return new Payment(id, customerId, payeeId, kind, from, payeeName, payeeAccount, amount, reference, Status.RETURNED, request,
                confirmedVia, debitEntryId, entryId, providerPaymentId, Optional.of(why), delivery, createdAt, at);
    }

    private void requireHeld() {
        if (status != Status.HELD) {
            throw new IllegalStateException("payment " + id + " is " + status + ", not held");
        }
    }

    /** Whether the provider still has to be asked about it. */
    public boolean awaitsProvider() {
        return status == Status.PENDING && kind == PayeeAccount.Kind.EXTERNAL;
    }
}
