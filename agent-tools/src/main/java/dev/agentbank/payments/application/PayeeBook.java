package dev.agentbank.payments.application;

import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Capability;
import dev.agentbank.shared.events.EventStream;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.model.Payee;
import dev.agentbank.payments.model.PayeeAccount;
import dev.agentbank.payments.model.PayeeConfirmation;
import dev.agentbank.payments.model.PayeeId;
import dev.agentbank.payments.model.PayeeName;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer's payees. Adding one always asks the human behind the session (or waits as a pending approval), whatever
 * the model says; an internal account is checked only for its format, so the answer never tells whether it exists.
 * A retry under the same idempotency key answers the payee stored before without asking again.
 */
public final class PayeeBook {
    private final Jdbc jdbc;
    private final Payees payees;
    private final CustomerDirectory customers;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public PayeeBook(Jdbc jdbc, Payees payees, CustomerDirectory customers, AuditLog audit, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.payees = Objects.requireNonNull(payees, "payees");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What an add call did. */
    public sealed interface AddOutcome {
        /** Stored now, or earlier under the same key ({@code replayed}). */
        record Added(Payee payee, boolean replayed) implements AddOutcome {}

        /** Nothing stored: the human did not confirm. */
        record NotAdded(NoConfirmation reason) implements AddOutcome {}

        /** Nothing stored yet: the confirmation waits as {@code approvalId} for a human outside the session. */
        record AwaitingConfirmation(String approvalId, Instant expiresAt) implements AddOutcome {}
    }

    /** Why a payee was not added. */
    public enum NoConfirmation {
        DECLINED("The customer did not confirm the payee; nothing was stored. Do not add it again unless the customer asks."),
        CANCELLED("The customer dismissed the confirmation without answering; nothing was stored. Do not add it again"
                + " unless the customer asks."),
        UNAVAILABLE("This client cannot ask the customer to confirm a new payee, so nothing was stored. Tell the customer to"
                + " continue in the bank's chat or an MCP client with elicitation."),
        EXPIRED("The confirmation request expired before anyone approved it; nothing was stored. Call add_payee again with"
                + " a new idempotency_key if the customer still wants the payee.");

        private final String sentence;

        NoConfirmation(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }

    /**
     * Adds a payee for the caller (a customer) or the named customer (staff) once a human confirms the name and the
     * account as they will be paid.
     */
    public AddOutcome add(Principal principal, Long customerId, String name, String account, IdempotencyKey key,
                          HumanConfirmation human) {
        return add(principal, customerId, name, account, key, CallContext.direct(human));
    }

    /** As above, for an agent's call: the session it came from goes on the event stream with the payee. */
    public AddOutcome add(Principal principal, Long customerId, String name, String account, IdempotencyKey key,
                          CallContext context) {
        HumanConfirmation human = context.human();
        if (!principal.may(Capability.MANAGE_PAYEES)) {
            throw new InvalidRequest("You may not add payees.");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(human, "human");
        long customer = customers.resolve(principal, customerId);
        PayeeName payeeName = PayeeName.of(name);
        PayeeAccount payeeAccount = PayeeAccount.parse(account);
        String createdBy = principal.actor().toString();
        Optional<Payee> earlier = jdbc.query("find the payee added under this key", connection ->
                payees.byKey(connection, createdBy, key.value()));
        if (earlier.isPresent()) {
            return replay(earlier.get(), customer, payeeName, payeeAccount);
        }
        return switch (human.ask(new PayeeConfirmation(payeeName, payeeAccount))) {
            case HumanConfirmation.Answer.Declined declined -> new AddOutcome.NotAdded(NoConfirmation.DECLINED);
            case HumanConfirmation.Answer.Cancelled cancelled -> new AddOutcome.NotAdded(NoConfirmation.CANCELLED);
            case HumanConfirmation.Answer.Unavailable unavailable -> new AddOutcome.NotAdded(NoConfirmation.UNAVAILABLE);
            case HumanConfirmation.Answer.Expired expired -> new AddOutcome.NotAdded(NoConfirmation.EXPIRED);
            case HumanConfirmation.Answer.Pending waiting -> new AddOutcome.AwaitingConfirmation(waiting.approvalId(), waiting.expiresAt());
            case HumanConfirmation.Answer.Approved confirmed -> store(principal, customer, payeeName, payeeAccount, key, confirmed,
                    context);
        };
    }

    private AddOutcome store(Principal principal, long customer, PayeeName name, PayeeAccount account, IdempotencyKey key,
                             HumanConfirmation.Answer.Approved confirmed, CallContext context) {
        String createdBy = principal.actor().toString();
        return jdbc.inTransaction("add the payee", connection -> {
            Instant now = now();
            Payee payee = new Payee(PayeeId.random(random), customer, name, account, Payee.Status.ACTIVE, now,
                    new Payee.Confirmation(confirmed.channel(), confirmed.approvedBy(), now), null);
            if (!payees.insert(connection, payee, createdBy, key.value())) {
                // A concurrent retry under the same key stored it first.
                return replay(payees.byKey(connection, createdBy, key.value()).orElseThrow(), customer, name, account);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("customer_id", customer);
            details.put("kind", account.kind().name());
            details.put("account", account.value());
            details.put("confirmed_through", confirmed.channel());
            details.put("confirmed_by", confirmed.approvedBy());
            audit.record(connection, principal.actor(), "add_payee", subject(payee.id()), details, "added");
            Map<String, Object> event = new LinkedHashMap<>(context.provenance());
            event.put("payee_id", payee.id().value());
            event.put("kind", account.kind().name());
            EventStream.append(connection, EventStream.Kind.PAYEE_ADDED, principal.actor(), customer, now, event);
            return new AddOutcome.Added(payee, false);
        });
    }

    /** The payee stored under this key, when the call asks for the same one; a key reused for another is refused. */
    private static AddOutcome replay(Payee earlier, long customer, PayeeName name, PayeeAccount account) {
        if (earlier.customerId() != customer) {
            throw new InvalidRequest("idempotency_key was already used for another customer's payee; make a fresh key.");
        }
        if (!earlier.name().equals(name) || !earlier.account().equals(account)) {
            throw new InvalidRequest("idempotency_key was already used to add a different payee; use a new key for a new payee.");
        }
        return new AddOutcome.Added(earlier, true);
    }

    public record CustomerPayees(long customerId, List<Payee> payees) {}

    /** A customer's active payees, oldest first: the caller's own, or a named customer's for staff. */
    public CustomerPayees list(Principal principal, Long customerId) {
        if (!principal.may(Capability.READ_PAYEES)) {
            throw new InvalidRequest("You may not read payees.");
        }
        long customer = customers.resolve(principal, customerId);
        return new CustomerPayees(customer, jdbc.query("list payees", connection -> payees.activeOf(connection, customer)));
    }

    /** Removes an active payee; another customer's payee is answered exactly like a missing one. */
    public Payee remove(Principal principal, String payeeId) {
        if (!principal.may(Capability.MANAGE_PAYEES)) {
            throw new InvalidRequest("You may not remove payees.");
        }
        PayeeId id = PayeeId.parse(payeeId).orElseThrow(() -> notFound(payeeId));
        return jdbc.inTransaction("remove the payee", connection -> {
            Payee payee = payees.find(connection, id, true)
                    .filter(found -> found.status() == Payee.Status.ACTIVE && principal.canSee(found.customerId()))
                    .orElseThrow(() -> notFound(payeeId));
            Payee removed = payee.removed(now());
            payees.markRemoved(connection, removed);
            audit.record(connection, principal.actor(), "remove_payee", subject(id),
                    Map.of("customer_id", payee.customerId()), "removed");
            EventStream.append(connection, EventStream.Kind.PAYEE_REMOVED, principal.actor(), payee.customerId(), removed.removedAt(),
                    Map.of("payee_id", id.value()));
            return removed;
        });
    }

    static InvalidRequest notFound(String payeeId) {
        String shown = payeeId == null ? "" : payeeId.strip();
        return new InvalidRequest("No payee " + (shown.length() > 20 ? shown.substring(0, 20) + "…" : shown)
                + " was found. Payee ids look like PY-7K3M9QX2B4TD; list_payees shows the customer's payees.");
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String subject(PayeeId id) {
        return "payee:" + id;
    }
}
