package dev.agentbank.fraud.application;

import dev.agentbank.fraud.application.AlertDesk.AlertChange;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.AccountActivity;
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
        List<Long> raised = new ArrayList<>();
        for (Event event : events) {
            raised.addAll(consume(connection, event));
        }
        if (!events.isEmpty()) {
            feed.moveTo(connection, events.getLast());
        }
        return new Batch(events.size(), raised, events.stream().map(Event::occurredAt).toList());
    }

    private List<Long> consume(Connection connection, Event event) throws SQLException {
        Optional<Long> customer = event.customerId();
        switch (event.kind()) {
            case POSTING -> {
                return judge(connection, event);
            }
            case PAYEE_ADDED -> {
                if (customer.isPresent()) {
                    activity.insertPayeeAdded(connection, event.id(), customer.get(), event.occurredAt(),
                            EventReading.text(event.body().get("payee_id"), "?"), EventReading.text(event.body().get("session"), "none"));
                }
            }
            case CONFIRMATION_DECIDED -> {
                if (customer.isPresent()) {
                    activity.insertDecision(connection, event.id(), customer.get(), event.occurredAt(),
                            ChannelActivity.Outcome.valueOf(EventReading.text(event.body().get("outcome"), "declined").toUpperCase(Locale.ROOT)),
                            EventReading.text(event.body().get("session"), "none"));
                }
            }
            case CLIENT_FIRST_SEEN -> {
                if (customer.isPresent()) {
                    activity.insertClientSeen(connection, event.id(), customer.get(), event.occurredAt(),
                            EventReading.text(event.body().get("client"), "unknown"));
                }
            }
            case PAYEE_REMOVED -> {
                // nothing the rules read
            }
        }
        return List.of();
    }

    private List<Long> judge(Connection connection, Event event) throws SQLException {
        List<Long> raised = new ArrayList<>();
        Optional<EventReading.Screened> held = EventReading.screened(event);
        for (Observed observed : EventReading.movements(event)) {
            activity.insert(connection, observed);
            if (held.isPresent() && observed.movement().isOut()) {
                // screening judged it before the money left, and held it: the alert says what screening saw
                alerts.insert(connection, observed, held.get().score(), Scorecard.Action.HOLD, held.get().hits(), event.occurredAt())
                        .ifPresent(raised::add);
                continue;
            }
            Verdict verdict = scorecard.judge(observed.movement(), history(connection, observed));
            if (verdict.action() != Scorecard.Action.NONE) {
                alerts.insert(connection, observed, verdict.score(), Scorecard.Action.ALERT, verdict.hits(), event.occurredAt())
                        .ifPresent(raised::add);
            }
        }
        return raised;
    }

    private AccountActivity history(Connection connection, Observed observed) throws SQLException {
        return new AccountActivity(
                activity.history(connection, observed.movement().account(), observed.movement().at(), observed.movement().eventId()),
                activity.channel(connection, observed.customerId(), observed.movement().at()));
    }
}
