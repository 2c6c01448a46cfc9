package dev.agentbank.fraud.application;

import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.text.PlainText;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** The analysts' alert queue and case work. Each change locks its alert, is audited with the analyst, and is told to listeners. */
public final class Triage implements AlertDesk {
    private static final int TIMELINE = 30;
    private static final int EARLIER = 10;

    private final Jdbc jdbc;
    private final Alerts alerts;
    private final Activity activity;
    private final AuditLog audit;
    private final AlertChanges changes;
    private final Clock clock;

    public Triage(Jdbc jdbc, Alerts alerts, Activity activity, AuditLog audit, AlertChanges changes, Clock clock) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.activity = activity;
        this.audit = audit;
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    public AlertPage list(Principal analyst, AlertFilter filter, Optional<String> cursor, int limit) {
        requireAnalyst(analyst);
        if (limit < 1 || limit > 100) {
            throw new InvalidRequest("limit must be between 1 and 100.");
        }
        Optional<Long> before = cursor.filter(text -> !text.isBlank()).map(Triage::cursor);
        List<Alert> page = jdbc.query("list alerts", connection -> alerts.page(connection, filter, before, limit + 1));
        Optional<String> next = page.size() > limit ? Optional.of("A" + page.get(limit - 1).id()) : Optional.empty();
        return new AlertPage(page.subList(0, Math.min(limit, page.size())), next);
    }

    @Override
    public AlertDetail get(Principal analyst, long alertId) {
        requireAnalyst(analyst);
        return jdbc.query("read the alert", connection -> {
            Alert alert = existing(connection, alertId, false);
            Set<Long> flagged = alerts.flaggedEvents(connection, alert.account());
            List<TimelineRow> timeline = new ArrayList<>();
            for (Observed row : activity.recent(connection, alert.account(), TIMELINE)) {
                timeline.add(new TimelineRow(row.movement().at(), row.movement().eventId(), row.transactionId(), row.description(),
                        row.movement().isOut(), row.movement().amount(), flagged.contains(row.movement().eventId())));
            }
            return new AlertDetail(alert, timeline, alerts.earlier(connection, alert.customerId(), alert.id(), EARLIER),
                    alerts.notes(connection, alert.id()));
        });
    }

    @Override
    public Alert assign(Principal analyst, long alertId) {
        requireAnalyst(analyst);
        return change(analyst, alertId, "assign_alert", Map.of(), alert -> alert.assignedTo(analyst.actor().id(), now()));
    }

    @Override
    public Alert escalate(Principal analyst, long alertId, String reason) {
        requireAnalyst(analyst);
        String why = reason(reason);
        return change(analyst, alertId, "escalate_alert", Map.of("reason", why), alert -> alert.escalated(now()));
    }

    @Override
    public CaseNote addNote(Principal analyst, long alertId, String text) {
        requireAnalyst(analyst);
        String note = text(text, "A note", 4000);
        return jdbc.inTransaction("add a case note", connection -> {
            existing(connection, alertId, true);
            CaseNote written = alerts.addNote(connection, alertId, analyst.actor().id(), now(), note);
            audit.record(connection, analyst.actor(), "add_case_note", "alert:" + alertId, Map.of("note_id", written.id()), "added");
            return written;
        });
    }

    @Override
    public Alert close(Principal analyst, long alertId, Resolution resolution, String reason) {
        requireAnalyst(analyst);
        String why = reason(reason);
        return change(analyst, alertId, "close_alert", Map.of("resolution", resolution.name(), "reason", why),
                alert -> alert.closed(resolution, analyst.actor().id(), now()));
    }

    @Override
    public AlertStats stats(Principal analyst, int days) {
        requireAnalyst(analyst);
        if (days < 1 || days > 366) {
            throw new InvalidRequest("days must be between 1 and 366.");
        }
        Instant now = now();
        Instant since = now.minus(Duration.ofDays(days));
        return jdbc.query("read alert figures", connection -> new AlertStats(alerts.perDay(connection, since),
                alerts.perRule(connection, since), alerts.medianToTriage(connection, since), alerts.openByAge(connection, now)));
    }

    @Override
    public AutoCloseable onChange(Consumer<AlertChange> listener) {
        return changes.subscribe(listener);
    }

    /** Writes a note in an action's own transaction, as {@code author}: how held payments and freezes reach the case. */
    void note(Connection connection, long alertId, String author, String text) throws SQLException {
        if (alertId != 0) {
            existing(connection, alertId, true);
            alerts.addNote(connection, alertId, author, now(), text);
        }
    }

    private interface Step {
        Alert apply(Alert alert);
    }

    private Alert change(Principal analyst, long alertId, String action, Map<String, Object> details, Step step) {
        Alert changed = jdbc.inTransaction(action.replace('_', ' '), connection -> {
            Alert alert = existing(connection, alertId, true);
            Alert next;
            try {
                next = step.apply(alert);
            } catch (Alert.WorkflowRefusal refusal) {
                throw new InvalidRequest(refusal.getMessage());
            }
            alerts.update(connection, next, next.assignee().isPresent() ? Optional.of(next.updatedAt()) : Optional.empty());
            Map<String, Object> audited = new LinkedHashMap<>(details);
            audited.put("from", alert.state().name());
            audited.put("to", next.state().name());
            audit.record(connection, analyst.actor(), action, "alert:" + alertId, audited, "done");
            return next;
        });
        changes.publish(new AlertChange(changed.id(), changed.state(), false));
        return changed;
    }

    private Alert existing(Connection connection, long alertId, boolean lock) throws SQLException {
        return alerts.find(connection, alertId, lock).orElseThrow(() -> new InvalidRequest("No alert " + alertId
                + " was found; list_alerts shows the queue."));
    }

    static void requireAnalyst(Principal principal) {
        if (!principal.may(Capability.TRIAGE_ALERTS)) {
            throw new InvalidRequest("Only fraud analysts may work alerts.");
        }
    }

    static String reason(String reason) {
        return text(reason, "A reason", 500);
    }

    private static String text(String raw, String what, int max) {
        String clean = raw == null ? "" : raw.strip();
        if (clean.isEmpty()) {
            throw new InvalidRequest(what + " is required: say why, in a sentence the next analyst can read.");
        }
        if (clean.length() > max) {
            throw new InvalidRequest(what + " may be at most " + max + " characters; it has " + clean.length() + ".");
        }
        return clean;
    }

    private static long cursor(String text) {
        try {
            if (text.startsWith("A")) {
                return Long.parseLong(text.substring(1));
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new InvalidRequest("cursor '" + PlainText.clip(text, 30) + "' is not one list_alerts gave; omit it for the first page.");
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
