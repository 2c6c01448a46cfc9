package dev.agentbank.payments.application;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.jdbc.Payments.HoldDecision;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.payments.model.PaymentId;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payments fraud screening held, and the one decision that ends each hold: released (to a payee here, credited from
 * clearing; to another bank, handed to {@link ProviderDispatch}) or returned to the payer. Each decision runs under
 * the payment row's lock, in the transaction that moves the money and writes its audit row, so a hold ends once
 * however many analysts decide at the same time. A hold nobody decides in time returns the money ({@value #JOB}).
 * Who may decide is the fraud context's to check; here a decision needs only a reason.
 */
public final class HeldPayments {
    public static final String JOB = "payment-hold-expiry";
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(48);
    static final Actor EXPIRY = Actor.of("system", JOB);
    /** What the customer reads: says what happened to the money, never why (no review, no fraud). */
    public static final String RETURN_REASON = "The bank did not send this payment; the money is back on the account.";
    private static final Logger log = LoggerFactory.getLogger(HeldPayments.class);

    private final Jdbc jdbc;
    private final Payments payments;
    private final Ledger ledger;
    private final ProviderDispatch dispatch;
    private final AuditLog audit;
    private final Duration lifetime;
    private final Clock clock;

    public HeldPayments(Jdbc jdbc, Payments payments, Ledger ledger, ProviderDispatch dispatch, AuditLog audit, Duration lifetime,
                        Clock clock) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("a hold's lifetime must be positive, got " + lifetime);
        }
        this.jdbc = jdbc;
        this.payments = payments;
        this.ledger = ledger;
        this.dispatch = dispatch;
        this.audit = audit;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** Every payment on hold, the longest held first. */
    public List<Payment> held() {
        return jdbc.query("list held payments", connection -> payments.held(connection, null, 500));
    }

    /**
     * Lets a held payment go on: to a payee here it is credited now (refused, and still held, if their account cannot
     * take it); to another bank it is pending and the provider is asked at once.
     */
    public Payment release(Actor analyst, String paymentId, String reason) {
        Decision decision = decision(analyst, reason);
        Payment payment = held(paymentId);
        return switch (payment.kind()) {
            case INTERNAL -> releaseHere(payment, decision);
            case EXTERNAL -> releaseToProvider(payment, decision);
        };
    }

    /** Sends a held payment's money back to the payer; the customer reads only {@link #RETURN_REASON}. */
    public Payment returnToPayer(Actor actor, String paymentId, String reason) {
        Decision decision = decision(actor, reason);
        Payment payment = held(paymentId);
        return returnFromHold(payment, decision, "RETURNED");
    }

    /** Returns every payment held longer than the lifetime; the payments returned. One that cannot be returned stays held. */
    public List<Payment> expireHolds() {
        Instant now = now();
        List<Payment> expired = jdbc.query("find expired holds", connection -> payments.held(connection, now.minus(lifetime), 100));
        List<Payment> returned = new ArrayList<>();
        for (Payment payment : expired) {
            try {
                returned.add(returnFromHold(payment, new Decision(EXPIRY, "nobody decided within " + lifetime.toHours()
                        + " hours", now), "EXPIRED"));
            } catch (RuntimeException e) {
                // decided meanwhile, or the payer's account cannot take it back: a person looks; the others still expire
                log.warn("held payment {} was not returned on expiry: {}", payment.id(), e.getMessage());
            }
        }
        return returned;
    }

    /** Who decided, why, and when. */
    private record Decision(Actor actor, String reason, Instant at) {
        HoldDecision row() {
            return new HoldDecision(actor.id(), at, reason);
        }
    }

    private Decision decision(Actor actor, String reason) {
        Objects.requireNonNull(actor, "actor");
        String why = reason == null ? "" : PlainText.clip(reason.strip(), 500);
        if (why.isBlank()) {
            throw new InvalidRequest("A reason is required to decide a held payment; say why in a sentence.");
        }
        return new Decision(actor, why, now());
    }

    private Payment releaseHere(Payment payment, Decision decision) {
        AccountNumber payee = AccountNumber.parse(payment.payeeAccount()).orElseThrow(() ->
                new IllegalStateException("payment " + payment.id() + " has a bad payee account"));
        Money money = payment.amount();
        // the payer's own reference, as the payee would have read it had the payment not been held
        LedgerOutcome outcome = ledger.post(decision.actor(), new Commands.HoldRelease(payee, money.amount(), money.currency(),
                payment.reference(), key("release", payment.id())), new Decide(payment, decision, "release_held_payment",
                "released", (held, entryId) -> held.releasedHere(entryId, decision.at())));
        return switch (outcome) {
            case Rejected rejected -> throw new InvalidRequest("Payment " + payment.id() + " cannot be released: the payee's account "
                    + payee + " can no longer receive it (" + rejected.message() + ") It stays held; return it to the payer instead.");
            case Posted posted when posted.replayed() -> throw noLongerHeld(payment.id());
            case Posted posted -> read(payment.id());
        };
    }

    private Payment releaseToProvider(Payment payment, Decision decision) {
        Payment pending = jdbc.inTransaction("release a held payment", connection -> {
            Payment held = lockHeld(connection, payment.id());
            Payment released = held.releasedToProvider(decision.at());
            payments.decideHold(connection, released, decision.row());
            audit.record(connection, decision.actor(), "release_held_payment", subject(payment.id()), details(payment, decision),
                    "released");
            return released;
        });
        return dispatch.attemptOrPending(pending);
    }

    private Payment returnFromHold(Payment payment, Decision decision, String code) {
        Money money = payment.amount();
        LedgerOutcome outcome = ledger.post(decision.actor(), new Commands.PaymentReturn(payment.from(), money.amount(),
                money.currency(), "returned payment " + payment.id(), key("hold-return", payment.id())), new Decide(payment,
                decision, "return_held_payment", "returned", (held, entryId) -> held.returnedFromHold(
                Payment.Returned.byTheBank(code, RETURN_REASON), entryId, decision.at())));
        return switch (outcome) {
            case Rejected rejected -> throw new InvalidRequest("Payment " + payment.id() + " cannot be returned: the payer's account "
                    + payment.from() + " cannot take the money back (" + rejected.message() + ") It stays held.");
            case Posted posted when posted.replayed() -> throw noLongerHeld(payment.id());
            case Posted posted -> read(payment.id());
        };
    }

    /** What a decision does to the held row once its entry is written. */
    @FunctionalInterface
    private interface Ending {
        Payment apply(Payment held, long entryId);
    }

    /**
     * A decision's conditions on its entry: the payment row is locked after the accounts (the order every payment
     * posting takes) and must still be held; the entry then ends the hold and writes the audit row with it.
     */
    private final class Decide implements PostingConditions {
        private final Payment payment;
        private final Decision decision;
        private final String action;
        private final String outcome;
        private final Ending ending;

        Decide(Payment payment, Decision decision, String action, String outcome, Ending ending) {
            this.payment = payment;
            this.decision = decision;
            this.action = action;
            this.outcome = outcome;
            this.ending = ending;
        }

        @Override
        public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException {
            lockHeld(connection, payment.id()); // thrown when decided meanwhile: the transaction rolls back
            return Optional.empty();
        }

        @Override
        public Map<String, Object> auditDetails() {
            return Map.of("payment_id", payment.id().value(), "hold_decision", outcome, "reason", decision.reason());
        }

        @Override
        public void onPosted(Connection connection, Posted posted) throws SQLException {
            Payment held = payments.find(connection, payment.id(), true).orElseThrow();
            payments.decideHold(connection, ending.apply(held, posted.receipt().transactionId()), decision.row());
            audit.record(connection, decision.actor(), action, subject(payment.id()), details(payment, decision), outcome);
        }
    }

    private Payment lockHeld(Connection connection, PaymentId id) throws SQLException {
        Payment current = payments.find(connection, id, true).orElseThrow();
        if (current.status() != Payment.Status.HELD) {
            throw noLongerHeld(current, payments.holdDecision(connection, id));
        }
        return current;
    }

    private Payment held(String paymentId) {
        Payment payment = PaymentId.parse(paymentId)
                .flatMap(id -> jdbc.query("read the payment", connection -> payments.find(connection, id, false)))
                .orElseThrow(() -> new InvalidRequest("No payment " + PlainText.clip(String.valueOf(paymentId).strip(), 20)
                        + " was found. Payment ids look like PM-7K3M9QX2B4TD."));
        if (payment.status() != Payment.Status.HELD) {
            throw noLongerHeld(payment.id());
        }
        return payment;
    }

    private Payment read(PaymentId id) {
        return jdbc.query("read the payment", connection -> payments.find(connection, id, false)).orElseThrow();
    }

    private InvalidRequest noLongerHeld(PaymentId id) {
        return jdbc.query("read the hold's decision", connection -> noLongerHeld(payments.find(connection, id, false).orElseThrow(),
                payments.holdDecision(connection, id)));
    }

    private static InvalidRequest noLongerHeld(Payment payment, Optional<HoldDecision> decided) {
        if (decided.isEmpty()) {
            return new InvalidRequest("Payment " + payment.id() + " is not held; it is " + status(payment) + ".");
        }
        String how = payment.status() == Payment.Status.RETURNED ? "returned to the payer" : "released";
        return new InvalidRequest("Payment " + payment.id() + " is no longer held; it was " + how + " by " + decided.get().by()
                + " at " + decided.get().at() + " (" + decided.get().reason() + ").");
    }

    private static String status(Payment payment) {
        return switch (payment.status()) {
            case PENDING -> "pending at the provider";
            case HELD -> "held";
            case SETTLED -> "settled";
            case RETURNED -> "returned";
        };
    }

    private static Map<String, Object> details(Payment payment, Decision decision) {
        return Map.of("payment_id", payment.id().value(), "customer_id", payment.customerId(), "amount", payment.amount().amount(),
                "currency", payment.amount().currency().getCurrencyCode(), "kind", payment.kind().name(), "reason", decision.reason());
    }

    private static String subject(PaymentId id) {
        return "payment:" + id.value();
    }

    private static IdempotencyKey key(String what, PaymentId id) {
        return new IdempotencyKey(what + "-" + id.value());
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
