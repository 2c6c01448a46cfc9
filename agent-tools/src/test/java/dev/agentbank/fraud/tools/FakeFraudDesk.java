package dev.agentbank.fraud.tools;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * An in-memory alert desk and analyst actions for tests of what sits in front of them (tools, MCP resources): it keeps
 * the contract's checks (analysts only, a reason for every change) and records every change it accepted.
 */
public final class FakeFraudDesk implements AlertDesk, AnalystActions {
    public static final Instant NOW = Instant.parse("2026-11-30T10:15:00Z");

    private final Map<Long, Alert> alerts = new ConcurrentHashMap<>();
    private final List<CaseNote> notes = new CopyOnWriteArrayList<>();
    private final List<Consumer<AlertChange>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Every change accepted, in words, e.g. "close 1 FALSE_POSITIVE: known landlord". */
    public final List<String> recorded = new CopyOnWriteArrayList<>();

    /** A new alert on {@code account}, as the monitor would raise it; listeners hear of it. */
    public Alert raise(long customerId, String account, String description, String amount, String rule, int score) {
        long id = ids.incrementAndGet();
        Alert alert = new Alert(id, NOW.plusSeconds(id), customerId, account, 100 + id, description, Money.of(amount, "EUR"),
                Optional.of(500 + id), Optional.empty(), score, Scorecard.Action.ALERT,
                List.of(new Hit(rule, "1", score, "3 payments to new payees in 40 minutes")), AlertState.NEW, Optional.empty(),
                Optional.empty(), Optional.empty(), NOW.plusSeconds(id));
        alerts.put(id, alert);
        listeners.forEach(listener -> listener.accept(new AlertChange(id, AlertState.NEW, true)));
        return alert;
    }

    /** A payment screening held. */
    public Hold hold(String paymentId, long alertId, String payee, String amount) {
        Hold hold = new Hold(paymentId, alertId, 7, "AB0000000195", payee, Money.of(amount, "EUR"), NOW, NOW.plusSeconds(48 * 3600),
                "HELD");
        holds.put(paymentId, hold);
        return hold;
    }

    @Override
    public AlertPage list(Principal analyst, AlertFilter filter, Optional<String> cursor, int limit) {
        mayTriage(analyst);
        List<Alert> matching = alerts.values().stream()
                .filter(alert -> filter.state().map(state -> alert.state() == state).orElse(true))
                .filter(alert -> filter.rule().map(rule -> alert.rules().contains(rule)).orElse(true))
                .filter(alert -> filter.minScore().map(min -> alert.score() >= min).orElse(true))
                .filter(alert -> filter.customerId().map(customer -> alert.customerId() == customer).orElse(true))
                .filter(alert -> cursor.map(after -> alert.id() < Long.parseLong(after)).orElse(true))
                .sorted(Comparator.comparingLong(Alert::id).reversed())
                .toList();
        List<Alert> page = matching.stream().limit(limit).toList();
        Optional<String> next = matching.size() > limit ? Optional.of(String.valueOf(page.getLast().id())) : Optional.empty();
        return new AlertPage(page, next);
    }

    @Override
    public AlertDetail get(Principal analyst, long alertId) {
        Alert alert = alert(analyst, alertId);
        TimelineRow flagged = new TimelineRow(alert.raisedAt(), alert.eventId(), alert.transactionId(), alert.description(), true,
                alert.amount(), true);
        TimelineRow salary = new TimelineRow(alert.raisedAt().minusSeconds(86_400), 1, Optional.of(1L), "salary", false,
                Money.of("2500.00", "EUR"), false);
        List<Alert> earlier = alerts.values().stream()
                .filter(other -> other.customerId() == alert.customerId() && other.id() < alert.id()).toList();
        return new AlertDetail(alert, List.of(flagged, salary), earlier, notes.stream().filter(note -> note.alertId() == alertId).toList());
    }

    @Override
    public Alert assign(Principal analyst, long alertId) {
        Alert alert = alert(analyst, alertId);
        recorded.add("assign " + alertId);
        return change(with(alert, AlertState.IN_REVIEW, Optional.of(analyst.encoded()), Optional.empty()));
    }

    @Override
    public Alert escalate(Principal analyst, long alertId, String reason) {
        Alert alert = open(analyst, alertId);
        reasoned(reason);
        recorded.add("escalate " + alertId + ": " + reason);
        return change(with(alert, AlertState.ESCALATED, alert.assignee(), Optional.empty()));
    }

    @Override
    public CaseNote addNote(Principal analyst, long alertId, String text) {
        alert(analyst, alertId);
        reasoned(text);
        CaseNote note = new CaseNote(ids.incrementAndGet(), alertId, analyst.encoded(), NOW, text);
        notes.add(note);
        recorded.add("note " + alertId + ": " + text);
        return note;
    }

    @Override
    public Alert close(Principal analyst, long alertId, Resolution resolution, String reason) {
        Alert alert = open(analyst, alertId);
        reasoned(reason);
        recorded.add("close " + alertId + " " + resolution + ": " + reason);
        return change(with(alert, AlertState.CLOSED, alert.assignee(), Optional.of(resolution)));
    }

    @Override
    public AlertStats stats(Principal analyst, int days) {
        mayTriage(analyst);
        return new AlertStats(List.of(), List.of(), Optional.empty(), List.of());
    }

    @Override
    public AutoCloseable onChange(Consumer<AlertChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public int listeners() {
        return listeners.size();
    }

    @Override
    public String freeze(Principal analyst, String account, String reason, long alertId) {
        mayTriage(analyst);
        reasoned(reason);
        recorded.add("freeze " + account + ": " + reason + (alertId == 0 ? "" : " (alert " + alertId + ")"));
        return "Account " + account + " is frozen: money can arrive, nothing can leave.";
    }

    @Override
    public String unfreeze(Principal analyst, String account, String reason, long alertId) {
        mayTriage(analyst);
        reasoned(reason);
        recorded.add("unfreeze " + account + ": " + reason);
        return "Account " + account + " is open again.";
    }

    @Override
    public List<Hold> holds(Principal analyst) {
        mayTriage(analyst);
        return new ArrayList<>(holds.values());
    }

    @Override
    public Hold release(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, reason, "RELEASED");
    }

    @Override
    public Hold returnToPayer(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, reason, "RETURNED");
    }

    @Override
    public String requestReversal(Principal analyst, long transactionId, String reason, long alertId) {
        mayTriage(analyst);
        reasoned(reason);
        recorded.add("reversal " + transactionId + ": " + reason);
        return "A teller has been asked to reverse transaction " + transactionId + ".";
    }

    @Override
    public List<ReversalRequest> reversalRequests(Principal teller) {
        return List.of();
    }

    private Hold decide(Principal analyst, String paymentId, String reason, String state) {
        mayTriage(analyst);
        reasoned(reason);
        Hold held = holds.get(paymentId);
        if (held == null || !held.state().equals("HELD")) {
            throw new InvalidRequest("No held payment " + paymentId + ".");
        }
        Hold decided = new Hold(held.paymentId(), held.alertId(), held.customerId(), held.fromAccount(), held.payee(), held.amount(),
                held.heldAt(), held.returnsAt(), state);
        holds.put(paymentId, decided);
        recorded.add(state.toLowerCase(java.util.Locale.ROOT) + " " + paymentId + ": " + reason);
        return decided;
    }

    private Alert change(Alert alert) {
        alerts.put(alert.id(), alert);
        listeners.forEach(listener -> listener.accept(new AlertChange(alert.id(), alert.state(), false)));
        return alert;
    }

    private static Alert with(Alert alert, AlertState state, Optional<String> assignee, Optional<Resolution> resolution) {
        return new Alert(alert.id(), alert.raisedAt(), alert.customerId(), alert.account(), alert.eventId(), alert.description(),
                alert.amount(), alert.transactionId(), alert.paymentId(), alert.score(), alert.action(), alert.hits(), state, assignee,
                resolution, state == AlertState.CLOSED ? Optional.of(NOW) : Optional.empty(), NOW);
    }

    private Alert open(Principal analyst, long alertId) {
        Alert alert = alert(analyst, alertId);
        if (alert.state() == AlertState.CLOSED) {
            throw new InvalidRequest("Alert " + alertId + " is closed.");
        }
        return alert;
    }

    private Alert alert(Principal analyst, long alertId) {
        mayTriage(analyst);
        Alert alert = alerts.get(alertId);
        if (alert == null) {
            throw new InvalidRequest("No alert " + alertId + ".");
        }
        return alert;
    }

    private static void mayTriage(Principal principal) {
        if (!principal.may(Capability.TRIAGE_ALERTS)) {
            throw new InvalidRequest("Only fraud analysts work alerts.");
        }
    }

    private static void reasoned(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequest("A reason is required.");
        }
    }
}
