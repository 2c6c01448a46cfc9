package dev.agentbank.fraud.application;

import dev.agentbank.fraud.application.AlertDesk.AlertChange;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.ChannelActivity;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.Scorecard.Verdict;
import dev.agentbank.shared.events.EventFeed;
import dev.agentbank.shared.events.EventFeed.Event;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asynchronous monitoring: reads the event stream exactly once, keeps fraud's projection of it, judges every movement
 * against its account's history and raises an alert at or above ALERT. Each batch, its projection rows, its alerts and
 * the feed's cursor commit together, so a crash replays the batch whole or not at all. An alert is dated when its
 * movement happened, so a replay or a late pass does not move it in the queue or the charts.
 */
public final class Monitor {
    public static final String CONSUMER = "fraud-monitor";
    /** How often the job looks for new events: well inside the one-second lag the monitor aims for. */
    public static final Duration POLL = Duration.ofMillis(200);
    private static final int BATCH = 500;

    private final Jdbc jdbc;
    private final EventFeed feed = new EventFeed(CONSUMER);
    private final Activity activity;
    private final Alerts alerts;
    private final Scorecard scorecard;
    private final AlertChanges changes;
    private final Clock clock;
    private final Consumer<Duration> lag;

    public Monitor(Jdbc jdbc, Activity activity, Alerts alerts, Scorecard scorecard, AlertChanges changes, Clock clock) {
        this(jdbc, activity, alerts, scorecard, changes, clock, ignored -> {});
    }

    /**
     * As the monitor above, telling {@code lag} for each event how long after it occurred its batch committed: from the
     * posting to its judgement, as a bench measures it. Called on the draining thread, after the commit.
     */
    public Monitor(Jdbc jdbc, Activity activity, Alerts alerts, Scorecard scorecard, AlertChanges changes, Clock clock,
                   Consumer<Duration> lag) {
        this.jdbc = jdbc;
        this.activity = activity;
        this.alerts = alerts;
        this.scorecard = scorecard;
        this.changes = changes;
        this.clock = clock;
        this.lag = lag;
    }

    /** What one pass did. */
    public record Pass(int events, List<Long> alerts) {}

    /** Consumes every event that is ready; returns how many it read and the alerts it raised. */
    public Pass drain() {
        int events = 0;
        List<Long> raised = new ArrayList<>();
        while (true) {
            Batch batch = jdbc.inTransaction("monitor the event stream", this::batch);
            events += batch.events();
            raised.addAll(batch.alerts());
            Instant committed = clock.instant();
            batch.occurred().forEach(at -> lag.accept(Duration.between(at, committed)));
            batch.alerts().forEach(id -> changes.publish(new AlertChange(id, AlertState.NEW, true)));
            if (batch.events() < BATCH) {
                return new Pass(events, raised);
            }
        }
    }

    private record Batch(int events, List<Long> alerts, List<Instant> occurred) {}

    private Batch batch(Connection connection) throws SQLException {
        Optional<EventFeed.Cursor> cursor = feed.lockIfFree(connection);
        if (cursor.isEmpty()) {
            return new Batch(0, List.of(), List.of()); // another process is consuming
        }
        List<Event> events = feed.after(connection, cursor.get(), BATCH);
        if (events.isEmpty()) {
            return new Batch(0, List.of(), List.of());
        }
        List<Read> read = events.stream().map(Read::of).toList();
        WorkingSet set = WorkingSet.read(connection, activity, read.stream().flatMap(one -> one.movements().stream()).toList());
        List<Long> raised = new ArrayList<>();
        for (Read one : read) {
            one.signal().ifPresent(set::add);
            for (Observed observed : one.movements()) {
                judge(connection, one, observed, set).ifPresent(raised::add);
                set.add(observed);
            }
        }
        activity.insertAll(connection, set.newMovements());
        activity.insertSignals(connection, set.newSignals());
        feed.moveTo(connection, events.getLast());
        return new Batch(events.size(), raised, events.stream().map(Event::occurredAt).toList());
    }

    /** An event as the monitor uses it: the movements of a posting, or the signal of anything else. */
    private record Read(Event event, List<Observed> movements, Optional<Activity.Signal> signal) {
        static Read of(Event event) {
            Optional<Long> customer = event.customerId();
            Map<String, Object> body = event.body();
            return switch (event.kind()) {
                case POSTING -> new Read(event, EventReading.movements(event), Optional.empty());
                case PAYEE_ADDED -> new Read(event, List.of(), customer.map(c -> Activity.Signal.payeeAdded(event.id(), c,
                        event.occurredAt(), EventReading.text(body.get("payee_id"), "?"), EventReading.text(body.get("session"), "none"))));
                case CONFIRMATION_DECIDED -> new Read(event, List.of(), customer.map(c -> Activity.Signal.decision(event.id(), c,
                        event.occurredAt(), ChannelActivity.Outcome.valueOf(EventReading.text(body.get("outcome"), "declined")
                                .toUpperCase(Locale.ROOT)), EventReading.text(body.get("session"), "none"))));
                case CLIENT_FIRST_SEEN -> new Read(event, List.of(), customer.map(c -> Activity.Signal.clientSeen(event.id(), c,
                        event.occurredAt(), EventReading.text(body.get("client"), "unknown"))));
                case PAYEE_REMOVED -> new Read(event, List.of(), Optional.empty()); // nothing the rules read
            };
        }
    }

    private Optional<Long> judge(Connection connection, Read read, Observed observed, WorkingSet set) throws SQLException {
        Optional<EventReading.Screened> held = EventReading.screened(read.event());
        if (held.isPresent() && observed.movement().isOut()) {
            // screening judged it before the money left, and held it: the alert says what screening saw
            return alerts.insert(connection, observed, held.get().score(), Scorecard.Action.HOLD, held.get().hits(),
                    read.event().occurredAt());
        }
        Verdict verdict = scorecard.judge(observed.movement(), set.activityFor(observed));
        if (verdict.action() == Scorecard.Action.NONE) {
            return Optional.empty();
        }
        return alerts.insert(connection, observed, verdict.score(), Scorecard.Action.ALERT, verdict.hits(), read.event().occurredAt());
    }
}
