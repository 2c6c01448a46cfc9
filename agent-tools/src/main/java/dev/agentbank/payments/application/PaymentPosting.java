package dev.agentbank.payments.application;

import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.NewPayeeCap;
import dev.agentbank.payments.model.Payee;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The payment's own conditions on its debit, inside the posting transaction: the payee row is locked (so a removal
 * or another payment to it waits), it must still be active, and its first-day cap must hold; then the payment row is
 * written with the entry, so a payment exists exactly when its money left the payer.
 */
final class PaymentPosting implements PostingConditions {
    private final Payees payees;
    private final Payments payments;
    private final NewPayeeCap cap;
    private final Payee payee;
    private final String paymentId;
    private final LongFunction<Payment> paymentOfEntry;
    private final Actor actor;
    private final String idempotencyKey;
    private final Instant now;
    /** The row written with the entry; set only once the transaction has written it. */
    private volatile Payment written;

    PaymentPosting(Payees payees, Payments payments, NewPayeeCap cap, Payee payee, String paymentId,
                   LongFunction<Payment> paymentOfEntry, Actor actor, String idempotencyKey, Instant now) {
        this.payees = payees;
        this.payments = payments;
        this.cap = cap;
        this.payee = payee;
        this.paymentId = paymentId;
        this.paymentOfEntry = paymentOfEntry;
        this.actor = actor;
        this.idempotencyKey = idempotencyKey;
        this.now = now;
    }

    @Override
    public Optional<Rejected> refusal(Connection connection, Actor poster, Money amount, boolean outflow) throws SQLException {
        Optional<Payee> current = payees.find(connection, payee.id(), true).filter(found -> found.status() == Payee.Status.ACTIVE);
        if (current.isEmpty()) {
            // thrown, not returned: the transaction rolls back, and the message is about the payee, not an account
            throw new InvalidRequest("Payee " + payee.id() + " was removed; nothing was paid.");
        }
        Money paidInFirstDay = payments.paidTo(connection, payee.id(), payee.createdAt(), amount.currency());
        return cap.refusal(payee, paidInFirstDay, amount, now).map(message -> new Rejected(Reason.LIMIT_EXCEEDED, message));
    }

    @Override
    public Map<String, Object> auditDetails() {
        // payee_added_at lets fraud monitoring judge "new payee, then a large payment" from the event alone
        return Map.of("payee_id", payee.id().value(), "payment_id", paymentId, "payee_added_at", payee.createdAt().toString(),
                "counterparty", payee.name().value());
    }

    @Override
    public void onPosted(Connection connection, Posted posted) throws SQLException {
        Payment payment = paymentOfEntry.apply(posted.receipt().transactionId());
        payments.insert(connection, payment, actor.id(), idempotencyKey);
        written = payment;
    }

    /** The payment row, once a posting under these conditions wrote it and returned: the caller need not read it back. */
    Optional<Payment> written() {
        return Optional.ofNullable(written);
    }
}
