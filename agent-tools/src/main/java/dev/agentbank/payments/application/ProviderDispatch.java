package dev.agentbank.payments.application;

import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.payments.model.PaymentId;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the provider about external payments until each is settled or refused. The payment's id is its idempotency key
 * at the provider, so asking again after a timeout, a 5xx or a crash pays it once. A settlement moves the money from
 * clearing to settlement, a refusal moves it back to the payer, each in one entry whose posting transaction also
 * finishes the payment row, so the money moves exactly once whoever gets there first. Anything else leaves the
 * payment PENDING for the {@value #JOB} job, with a growing wait.
 */
public final class ProviderDispatch {
    public static final String JOB = "payment-dispatch";
    static final Actor ACTOR = Actor.of("system", "payments");
    private static final Logger log = LoggerFactory.getLogger(ProviderDispatch.class);

    private final Jdbc jdbc;
    private final Payments payments;
    private final Ledger ledger;
    private final Supplier<PaymentRail> rail;
    private final Clock clock;

    /** {@code rail} is resolved on first use: most processes never pay another bank. */
    public ProviderDispatch(Jdbc jdbc, Payments payments, Ledger ledger, Supplier<PaymentRail> rail, Clock clock) {
        this.jdbc = jdbc;
        this.payments = payments;
        this.ledger = ledger;
        this.rail = rail;
        this.clock = clock;
    }

    /** Asks about every payment whose next attempt is due; the number asked about. */
    public int dispatchDue() {
        List<PaymentId> due = jdbc.query("find payments due at the provider", connection -> payments.due(connection, now(), 50));
        for (PaymentId id : due) {
            try {
                attempt(id);
            } catch (RuntimeException e) {
                // one payment the bank cannot record (its database down a moment) must not hold up the others
                log.warn("payment {} was not asked about this time: {}", id, e.getClass().getSimpleName());
            }
        }
        return due.size();
    }

    /**
     * Asks once right after the money left; whatever goes wrong here, the payment exists and is pending, and the job
     * asks again. The caller must hear "pending", never an error that reads as "not paid".
     */
    public Payment attemptOrPending(Payment payment) {
        try {
            return attempt(payment.id());
        } catch (RuntimeException e) {
            log.warn("payment {} stays pending for the {} job: {}", payment.id(), JOB, e.getClass().getSimpleName());
            return payment;
        }
    }

    /** Asks the provider once about a pending external payment and records the answer; the payment as it now stands. */
    public Payment attempt(PaymentId id) {
        Payment payment = read(id);
        if (!payment.awaitsProvider()) {
            return payment;
        }
        RailAnswer answer;
        try {
            answer = payment.providerPaymentId().isPresent()
                    ? rail.get().status(payment.providerPaymentId().get())
                    : rail.get().send(outgoing(payment));
        } catch (RuntimeException e) {
            log.warn("asking the provider about payment {} failed: {}", id, e.getClass().getSimpleName());
            answer = new RailAnswer.Unknown("the bank could not ask the provider");
        }
        try {
            record(payment, answer);
        } catch (IllegalStateException e) {
            // another process finished it first, or the provider contradicted itself: the row says which, a person looks
            log.warn("payment {}: the provider's answer was not recorded: {}", id, e.getMessage());
        }
        return read(id);
    }

    private void record(Payment payment, RailAnswer answer) {
        PaymentId id = payment.id();
        switch (answer) {
            case RailAnswer.Settled settled -> finish(payment, new Commands.PaymentSettlement(payment.amount().amount(),
                    payment.amount().currency(), "payment " + id, key("settle", id)), current -> current.settled(
                    settled.providerPaymentId(), now()));
            case RailAnswer.Rejected rejected -> finish(payment, new Commands.PaymentReturn(payment.from(), payment.amount().amount(),
                    payment.amount().currency(), "returned payment " + id, key("return", id)), current -> current.returnedBy(
                    rejected.providerPaymentId(), new Payment.Returned(rejected.code(), rejected.reason()), now()));
            case RailAnswer.Accepted accepted -> later(payment, current -> current.acceptedBy(accepted.providerPaymentId(), now()));
            case RailAnswer.Unknown unknown -> later(payment, current -> current.unanswered(unknown.why(), now()));
        }
    }

    private static OutgoingPayment outgoing(Payment payment) {
        return new OutgoingPayment(payment.id().value(), payment.from(), payment.payeeName(), payment.payeeAccount(),
                payment.amount(), payment.reference());
    }

    /** Posts the closing entry; its transaction also finishes the row, and fails (posting nothing) if another did first. */
    private void finish(Payment payment, Commands.Movement closing, java.util.function.UnaryOperator<Payment> finished) {
        LedgerOutcome outcome = ledger.post(ACTOR, closing, new PostingConditions() {
            @Override
            public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) {
                return Optional.empty();
            }

            @Override
            public Map<String, Object> auditDetails() {
                return Map.of("payment_id", payment.id().value());
            }

            @Override
            public void onPosted(Connection connection, Posted posted) throws SQLException {
                Payment current = payments.find(connection, payment.id(), true).orElseThrow();
                if (current.awaitsProvider()) {
                    payments.update(connection, finished.apply(current).closedBy(posted.receipt().transactionId()));
                } else {
                    throw new IllegalStateException("payment " + payment.id() + " was finished meanwhile");
                }
            }
        });
        if (outcome instanceof Rejected rejected) {
            // e.g. the payer's account was closed meanwhile: the money stays in clearing and a person must look.
            log.warn("payment {} could not be finished: {}", payment.id(), rejected.reason());
            later(payment, current -> current.unanswered("the bank could not post the outcome: " + rejected.message(), now()));
        }
    }

    private void later(Payment payment, java.util.function.UnaryOperator<Payment> next) {
        jdbc.run("record the provider's answer", connection -> {
            Optional<Payment> current = payments.find(connection, payment.id(), true).filter(Payment::awaitsProvider);
            if (current.isPresent()) {
                payments.update(connection, next.apply(current.get()));
            }
        });
    }

    private Payment read(PaymentId id) {
        return jdbc.query("read the payment", connection -> payments.find(connection, id, false)).orElseThrow();
    }

    private static IdempotencyKey key(String what, PaymentId id) {
        return new IdempotencyKey(what + "-" + id.value());
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
