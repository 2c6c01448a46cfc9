package dev.agentbank.fraud.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.identity.Principal;
import dev.agentbank.payments.application.HeldPayments;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What analysts do to accounts and payments: freezes through the accounts context, held payments through the payments
 * context, reversal requests for a teller. Each needs a reason, is audited with the analyst, and leaves a note on the
 * alert's case when one is named.
 */
public final class Interventions implements AnalystActions {
    private final Jdbc jdbc;
    private final Alerts alerts;
    private final Activity activity;
    private final Triage triage;
    private final AccountDirectory accounts;
    private final HeldPayments held;
    private final Duration holdLifetime;
    private final AuditLog audit;
    private final Clock clock;

    public Interventions(Jdbc jdbc, Alerts alerts, Activity activity, Triage triage, AccountDirectory accounts, HeldPayments held, Duration holdLifetime,
                         AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.activity = activity;
        this.triage = triage;
        this.accounts = accounts;
        this.held = held;
        this.holdLifetime = holdLifetime;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String freeze(Principal analyst, String account, String reason, long alertId) {
        return setFrozen(analyst, account, reason, alertId, true);
    }

    @Override
    public String unfreeze(Principal analyst, String account, String reason, long alertId) {
        return setFrozen(analyst, account, reason, alertId, false);
    }

    private String setFrozen(Principal analyst, String account, String reason, long alertId, boolean frozen) {
        Triage.requireAnalyst(analyst);
        String why = Triage.reason(reason);
        requireAlert(alertId);
        AccountNumber number = AccountNumber.parse(account).orElseThrow(() -> new InvalidRequest("'" + clip(account)
                + "' is not an account number; they look like AB0000000195."));
        AccountStatus status = accounts.setFrozen(analyst.actor(), number, frozen, why)
                .orElseThrow(() -> new InvalidRequest("No customer account " + number + " was found."));
        String outcome = switch (status) {
            case FROZEN -> "Account " + number + " is frozen: debits are refused, credits still arrive.";
            case OPEN -> "Account " + number + " is open again.";
            case CLOSED -> "Account " + number + " is closed; freezing changes nothing.";
        };
        note(alertId, analyst, (frozen ? "Froze " : "Unfroze ") + number + ": " + why);
        return outcome;
    }

    @Override
    public List<Hold> holds(Principal analyst) {
        Triage.requireAnalyst(analyst);
        return held.held().stream().map(this::hold).toList();
    }

    @Override
    public Hold release(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, reason, held::release, "Released held payment %s: %s");
    }

    @Override
    public Hold returnToPayer(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, reason, held::returnToPayer, "Returned held payment %s to the payer: %s");
    }

    private interface HoldDecision {
        Payment apply(dev.agentbank.shared.Actor analyst, String paymentId, String reason);
    }

    /** One decision on a hold, taken by the payments context, then noted on the hold's alert. */
    private Hold decide(Principal analyst, String paymentId, String reason, HoldDecision decision, String noted) {
        Triage.requireAnalyst(analyst);
        String why = Triage.reason(reason);
        Payment payment = decision.apply(analyst.actor(), paymentId, why);
        Hold hold = hold(payment);
        note(hold.alertId(), analyst, noted.formatted(payment.id(), why));
        return hold;
    }

    @Override
    public String requestReversal(Principal analyst, long transactionId, String reason, long alertId) {
        Triage.requireAnalyst(analyst);
        String why = Triage.reason(reason);
        requireAlert(alertId);
        if (transactionId <= 0 || !jdbc.query("find the transaction", connection -> activity.knows(connection, transactionId))) {
            throw new InvalidRequest("No transaction " + transactionId + " of a customer's account is known; get_alert's timeline"
                    + " lists the account's transactions.");
        }
        long id = jdbc.inTransaction("request a reversal", connection -> {
            long request = alerts.requestReversal(connection, transactionId, analyst.actor().id(), why, alertId, clock.instant());
            audit.record(connection, analyst.actor(), "request_reversal", "transaction:" + transactionId,
                    Map.of("reason", why, "request_id", request), "requested");
            return request;
        });
        note(alertId, analyst, "Asked a teller to reverse transaction " + transactionId + " (request " + id + "): " + why);
        return "Reversal of transaction " + transactionId + " requested (request " + id + "); a teller will see it in"
                + " list_reversal_requests.";
    }

    @Override
    public List<ReversalRequest> reversalRequests(Principal teller) {
        if (!teller.may(dev.agentbank.identity.Capability.REVERSE_TRANSACTIONS)) {
            throw new InvalidRequest("Only tellers, who may reverse transactions, see reversal requests.");
        }
        return jdbc.query("list reversal requests", connection -> alerts.reversalRequests(connection,
                clock.instant().minus(Duration.ofDays(30))));
    }

    private Hold hold(Payment payment) {
        Optional<Alert> alert = jdbc.query("find the hold's alert", connection -> alerts.byPayment(connection, payment.id().value()));
        return new Hold(payment.id().value(), alert.map(Alert::id).orElse(0L), payment.customerId(), payment.from().value(),
                payment.payeeName(), payment.amount(), payment.createdAt(), payment.createdAt().plus(holdLifetime),
                payment.status().name().toLowerCase(Locale.ROOT));
    }

    private void requireAlert(long alertId) {
        if (alertId < 0) {
            throw new InvalidRequest("alert_id must be an alert's id, or omitted.");
        }
        if (alertId > 0) {
            jdbc.query("find the alert", connection -> alerts.find(connection, alertId, false))
                    .orElseThrow(() -> new InvalidRequest("No alert " + alertId + " was found; list_alerts shows the queue."));
        }
    }

    private void note(long alertId, Principal analyst, String text) {
        if (alertId > 0) {
            jdbc.run("note the action on the case", connection -> triage.note(connection, alertId, analyst.actor().id(), text));
        }
    }

    private static String clip(String text) {
        return dev.agentbank.shared.text.PlainText.clip(text == null ? "" : text, 30);
    }
}
