package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** An alert desk in memory that keeps what analysts did, so tests can ask for it. Same refusals as the real one. */
final class FakeAlertDesk implements AlertDesk {
    private final Clock clock;
    private final Map<Long, Alert> alerts = new ConcurrentHashMap<>();
    private final List<CaseNote> notes = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Consumer<AlertChange>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong noteIds = new AtomicLong();

    FakeAlertDesk(Clock clock) {
        this.clock = clock;
    }

    /** Raises an alert as the monitor would, and tells the listeners. */
    Alert raise(String description, String amount, int score, String... rules) {
        long id = ids.incrementAndGet();
        List<Hit> hits = new ArrayList<>();
        for (String rule : rules) {
            hits.add(new Hit(rule, "1", Math.max(1, score / rules.length), "evidence for " + rule + " on alert " + id));
        }
        Instant now = clock.instant().plusSeconds(id); // strictly newer than the one before
        Alert alert = new Alert(id, now, 7, "DE89370400440532013000", 100 + id, description, Money.of(amount, "EUR"),
                Optional.of(500 + id), Optional.of("pay-" + id), score, Scorecard.Action.ALERT, hits, AlertState.NEW,
                Optional.empty(), Optional.empty(), Optional.empty(), now);
        alerts.put(id, alert);
        fire(new AlertChange(id, AlertState.NEW, true));
        return alert;
    }

    List<CaseNote> notes(long alertId) {
        return notes.stream().filter(n -> n.alertId() == alertId).toList();
    }

    Alert alert(long id) {
        return alerts.get(id);
    }

    /** Every state-changing call, e.g. "close 3 FALSE_POSITIVE by analyst:ana". */
    List<String> calls() {
        return List.copyOf(calls);
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public AlertPage list(Principal analyst, AlertFilter filter, Optional<String> cursor, int limit) {
        check(analyst);
        long before = cursor.map(Long::parseLong).orElse(Long.MAX_VALUE);
        List<Alert> matching = alerts.values().stream()
                .filter(a -> a.id() < before)
                .filter(a -> filter.state().map(s -> a.state() == s).orElse(true))
                .filter(a -> filter.rule().map(r -> a.rules().contains(r)).orElse(true))
                .filter(a -> filter.minScore().map(m -> a.score() >= m).orElse(true))
                .sorted(Comparator.comparing(Alert::raisedAt).reversed())
                .toList();
        List<Alert> page = matching.stream().limit(limit).toList();
        Optional<String> next = matching.size() > limit ? Optional.of(Long.toString(page.getLast().id())) : Optional.empty();
        return new AlertPage(page, next);
    }

    @Override
    public AlertDetail get(Principal analyst, long alertId) {
        check(analyst);
        Alert alert = find(alertId);
        Instant at = alert.raisedAt();
        List<TimelineRow> timeline = List.of(
                new TimelineRow(at.minus(Duration.ofDays(2)), 1, Optional.of(1L), "salary from Acme", false, Money.of("2400.00", "EUR"), false),
                new TimelineRow(at.minus(Duration.ofHours(3)), 2, Optional.of(2L), "card payment", true, Money.of("35.10", "EUR"), false),
                new TimelineRow(at, alert.eventId(), alert.transactionId(), alert.description(), true, alert.amount(), true));
        List<Alert> earlier = alerts.values().stream().filter(a -> a.id() < alertId).toList();
        return new AlertDetail(alert, timeline, earlier, notes(alertId));
    }

    @Override
    public Alert assign(Principal analyst, long alertId) {
        check(analyst);
        Alert alert = open(alertId);
        calls.add("assign " + alertId + " by " + analyst.encoded());
        return replace(alert, AlertState.IN_REVIEW, Optional.of(analyst.encoded()), Optional.empty());
    }

    @Override
    public Alert escalate(Principal analyst, long alertId, String reason) {
        check(analyst);
        Alert alert = open(alertId);
        calls.add("escalate " + alertId + " by " + analyst.encoded());
        addNote(analyst, alertId, "Escalated: " + reason);
        return replace(alert, AlertState.ESCALATED, alert.assignee(), Optional.empty());
    }

    @Override
    public CaseNote addNote(Principal analyst, long alertId, String text) {
        check(analyst);
        find(alertId);
        if (text.isBlank()) {
            throw new InvalidRequest("A note needs some text.");
        }
        CaseNote note = new CaseNote(noteIds.incrementAndGet(), alertId, analyst.encoded(), clock.instant(), text);
        notes.add(note);
        calls.add("note " + alertId + " by " + analyst.encoded());
        return note;
    }

    @Override
    public Alert close(Principal analyst, long alertId, Resolution resolution, String reason) {
        check(analyst);
        Alert alert = open(alertId);
        calls.add("close " + alertId + " " + resolution + " by " + analyst.encoded());
        addNote(analyst, alertId, "Closed as " + resolution + ": " + reason);
        return replace(alert, AlertState.CLOSED, alert.assignee().or(() -> Optional.of(analyst.encoded())), Optional.of(resolution));
    }

    @Override
    public AlertStats stats(Principal analyst, int days) {
        check(analyst);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<DayCount> perDay = new ArrayList<>();
        String[] rules = {"velocity", "amount-anomaly", "new-payee-large", "round-amount"};
        for (int d = Math.min(days, 14) - 1; d >= 0; d--) {
            for (int r = 0; r < rules.length; r++) {
                perDay.add(new DayCount(today.minusDays(d), rules[r], (d * 7 + r * 3) % 5 + (r == 0 ? 2 : 0)));
            }
        }
        return new AlertStats(perDay,
                List.of(new RuleOutcomes("velocity", 40, 22), new RuleOutcomes("amount-anomaly", 25, 6),
                        new RuleOutcomes("new-payee-large", 12, 2), new RuleOutcomes("round-amount", 30, 24)),
                Optional.of(Duration.ofMinutes(47)),
                List.of(new AgeBucket("< 1 day", 5), new AgeBucket("1-3 days", 3), new AgeBucket("3-7 days", 1),
                        new AgeBucket("> 7 days", 0)));
    }

    @Override
    public AutoCloseable onChange(Consumer<AlertChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void fire(AlertChange change) {
        listeners.forEach(listener -> listener.accept(change));
    }

    private Alert replace(Alert alert, AlertState state, Optional<String> assignee, Optional<Resolution> resolution) {
        Instant now = clock.instant();
        Alert changed = new Alert(alert.id(), alert.raisedAt(), alert.customerId(), alert.account(), alert.eventId(),
                alert.description(), alert.amount(), alert.transactionId(), alert.paymentId(), alert.score(), alert.action(),
                alert.hits(), state, assignee, resolution, state == AlertState.CLOSED ? Optional.of(now) : Optional.empty(), now);
        alerts.put(alert.id(), changed);
        fire(new AlertChange(alert.id(), state, false));
        return changed;
    }

    private Alert find(long alertId) {
        Alert alert = alerts.get(alertId);
        if (alert == null) {
            throw new InvalidRequest("There is no alert " + alertId + ".");
        }
        return alert;
    }

    private Alert open(long alertId) {
        Alert alert = find(alertId);
        if (alert.state() == AlertState.CLOSED) {
            throw new InvalidRequest("Alert " + alertId + " is already closed.");
        }
        return alert;
    }

    static void check(Principal analyst) {
        if (!analyst.may(Capability.TRIAGE_ALERTS)) {
            throw new InvalidRequest("Only analysts may triage alerts.");
        }
    }
}
