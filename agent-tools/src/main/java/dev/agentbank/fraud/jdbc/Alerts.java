package dev.agentbank.fraud.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.fraud.application.AlertDesk.AgeBucket;
import dev.agentbank.fraud.application.AlertDesk.AlertFilter;
import dev.agentbank.fraud.application.AlertDesk.DayCount;
import dev.agentbank.fraud.application.AlertDesk.RuleOutcomes;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.shared.audit.CanonicalJson;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Alerts, their case notes and the analysts' reversal requests. */
public final class Alerts {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = """
            id, raised_at, customer_id, account, event_id, description, amount_minor, currency, transaction_id, payment_id,
            score, action, hits::text, state, assignee, resolution, closed_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO fraud_alert (raised_at, customer_id, account, event_id, description, amount_minor, currency,
                                     transaction_id, payment_id, score, action, hits, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (event_id, account) DO NOTHING RETURNING id""";

    /** Writes an alert once per movement; empty when this movement already has one. */
    public Optional<Long> insert(Connection connection, Observed observed, int score, Scorecard.Action action, List<Hit> hits,
                                 Instant at) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
            int i = 1;
            statement.setObject(i++, Activity.time(at));
            statement.setLong(i++, observed.customerId());
            statement.setString(i++, observed.movement().account());
            statement.setLong(i++, observed.movement().eventId());
            statement.setString(i++, observed.description());
            statement.setLong(i++, observed.movement().amount().minorUnits());
            statement.setString(i++, observed.movement().amount().currency().getCurrencyCode());
            statement.setObject(i++, observed.transactionId().orElse(null), java.sql.Types.BIGINT);
            statement.setString(i++, observed.paymentId().orElse(null));
            statement.setInt(i++, score);
            statement.setString(i++, action.name());
            statement.setString(i++, hitsJson(hits));
            statement.setObject(i, Activity.time(at));
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public Optional<Alert> find(Connection connection, long id, boolean lock) throws SQLException {
        List<Alert> found = select(connection, "SELECT " + COLUMNS + " FROM fraud_alert WHERE id = ?" + (lock ? " FOR UPDATE" : ""), id);
        return found.stream().findFirst();
    }

    public Optional<Alert> byPayment(Connection connection, String paymentId) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM fraud_alert WHERE payment_id = ? AND action = 'HOLD' ORDER BY id DESC LIMIT 1", paymentId)
                .stream().findFirst();
    }

    /** Newest first, below {@code beforeId} when paging. */
    public List<Alert> page(Connection connection, AlertFilter filter, Optional<Long> beforeId, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM fraud_alert WHERE true");
        List<Object> parameters = new ArrayList<>();
        filter.state().ifPresent(state -> {
            sql.append(" AND state = ?");
            parameters.add(state.name());
        });
        filter.rule().ifPresent(rule -> {
            sql.append(" AND EXISTS (SELECT 1 FROM jsonb_array_elements(hits) AS hit WHERE hit->>'rule' = ?)");
            parameters.add(rule);
        });
        filter.minScore().ifPresent(score -> {
            sql.append(" AND score >= ?");
            parameters.add(score);
        });
        filter.customerId().ifPresent(customer -> {
            sql.append(" AND customer_id = ?");
            parameters.add(customer);
        });
        beforeId.ifPresent(id -> {
            sql.append(" AND id < ?");
            parameters.add(id);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(limit);
        return select(connection, sql.toString(), parameters.toArray());
    }

    /** The customer's other alerts, newest first. */
    public List<Alert> earlier(Connection connection, long customerId, long exceptId, int limit) throws SQLException {
        return select(connection, "SELECT " + COLUMNS + " FROM fraud_alert WHERE customer_id = ? AND id <> ? ORDER BY id DESC LIMIT ?",
                customerId, exceptId, limit);
    }

    /** The events on this account that raised an alert. */
    public Set<Long> flaggedEvents(Connection connection, String account) throws SQLException {
        Set<Long> events = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT event_id FROM fraud_alert WHERE account = ?")) {
            statement.setString(1, account);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getLong(1));
                }
            }
        }
        return events;
    }

    /** Writes the alert's workflow fields as they now stand. */
    public void update(Connection connection, Alert alert, Optional<Instant> assignedAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                UPDATE fraud_alert SET state = ?, assignee = ?, resolution = ?, closed_at = ?, updated_at = ?,
                       assigned_at = COALESCE(assigned_at, ?) WHERE id = ?""")) {
            statement.setString(1, alert.state().name());
            statement.setString(2, alert.assignee().orElse(null));
            statement.setString(3, alert.resolution().map(Enum::name).orElse(null));
            statement.setObject(4, alert.closedAt().map(Activity::time).orElse(null));
            statement.setObject(5, Activity.time(alert.updatedAt()));
            statement.setObject(6, assignedAt.map(Activity::time).orElse(null));
            statement.setLong(7, alert.id());
            statement.executeUpdate();
        }
    }

    public CaseNote addNote(Connection connection, long alertId, String author, Instant at, String text) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO fraud_case_note (alert_id, author, at, text) VALUES (?, ?, ?, ?) RETURNING id")) {
            statement.setLong(1, alertId);
            statement.setString(2, author);
            statement.setObject(3, Activity.time(at));
            statement.setString(4, text);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new CaseNote(rs.getLong(1), alertId, author, at, text);
            }
        }
    }

    public List<CaseNote> notes(Connection connection, long alertId) throws SQLException {
        List<CaseNote> notes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, author, at, text FROM fraud_case_note WHERE alert_id = ? ORDER BY id")) {
            statement.setLong(1, alertId);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    notes.add(new CaseNote(rs.getLong(1), alertId, rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant(),
                            rs.getString(4)));
                }
            }
        }
        return notes;
    }

    public long requestReversal(Connection connection, long transactionId, String requestedBy, String reason, long alertId, Instant at)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                INSERT INTO reversal_request (transaction_id, requested_by, reason, alert_id, requested_at)
                VALUES (?, ?, ?, ?, ?) RETURNING id""")) {
            statement.setLong(1, transactionId);
            statement.setString(2, requestedBy);
            statement.setString(3, reason);
            statement.setObject(4, alertId == 0 ? null : alertId, java.sql.Types.BIGINT);
            statement.setObject(5, Activity.time(at));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public List<dev.agentbank.fraud.application.AnalystActions.ReversalRequest> reversalRequests(Connection connection, Instant since)
            throws SQLException {
        List<dev.agentbank.fraud.application.AnalystActions.ReversalRequest> requests = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT id, transaction_id, reason, requested_by, requested_at FROM reversal_request
                WHERE requested_at >= ? ORDER BY id DESC LIMIT 200""")) {
            statement.setObject(1, Activity.time(since));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    requests.add(new dev.agentbank.fraud.application.AnalystActions.ReversalRequest(rs.getLong(1), rs.getLong(2),
                            rs.getString(3), rs.getString(4), rs.getObject(5, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return requests;
    }

    public List<DayCount> perDay(Connection connection, Instant since) throws SQLException {
        List<DayCount> counts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT (raised_at AT TIME ZONE 'UTC')::date AS day, hit->>'rule' AS rule, count(*)
                FROM fraud_alert, jsonb_array_elements(hits) AS hit WHERE raised_at >= ?
                GROUP BY 1, 2 ORDER BY 1, 2""")) {
            statement.setObject(1, Activity.time(since));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    counts.add(new DayCount(rs.getObject(1, java.time.LocalDate.class), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        return counts;
    }

    public List<RuleOutcomes> perRule(Connection connection, Instant since) throws SQLException {
        List<RuleOutcomes> outcomes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT hit->>'rule', count(*), count(*) FILTER (WHERE resolution = 'FALSE_POSITIVE')
                FROM fraud_alert, jsonb_array_elements(hits) AS hit WHERE state = 'CLOSED' AND raised_at >= ?
                GROUP BY 1 ORDER BY 1""")) {
            statement.setObject(1, Activity.time(since));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(new RuleOutcomes(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        return outcomes;
    }

    public Optional<Duration> medianToTriage(Connection connection, Instant since) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM assigned_at - raised_at))
                FROM fraud_alert WHERE assigned_at IS NOT NULL AND assigned_at >= ?""")) {
            statement.setObject(1, Activity.time(since));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                double seconds = rs.getDouble(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
        }
    }

    public List<AgeBucket> openByAge(Connection connection, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FILTER (WHERE raised_at > ? - interval '1 day'),
                       count(*) FILTER (WHERE raised_at <= ? - interval '1 day' AND raised_at > ? - interval '3 days'),
                       count(*) FILTER (WHERE raised_at <= ? - interval '3 days' AND raised_at > ? - interval '7 days'),
                       count(*) FILTER (WHERE raised_at <= ? - interval '7 days')
                FROM fraud_alert WHERE state <> 'CLOSED'""")) {
            for (int i = 1; i <= 6; i++) {
                statement.setObject(i, Activity.time(now));
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return List.of(new AgeBucket("< 1 day", rs.getInt(1)), new AgeBucket("1-3 days", rs.getInt(2)),
                        new AgeBucket("3-7 days", rs.getInt(3)), new AgeBucket("> 7 days", rs.getInt(4)));
            }
        }
    }

    private static List<Alert> select(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    alerts.add(read(rs));
                }
            }
        }
        return alerts;
    }

    private static Alert read(ResultSet rs) throws SQLException {
        long transaction = rs.getLong("transaction_id");
        Optional<Long> transactionId = rs.wasNull() ? Optional.empty() : Optional.of(transaction);
        OffsetDateTime closedAt = rs.getObject("closed_at", OffsetDateTime.class);
        return new Alert(rs.getLong("id"), rs.getObject("raised_at", OffsetDateTime.class).toInstant(), rs.getLong("customer_id"),
                rs.getString("account"), rs.getLong("event_id"), rs.getString("description"),
                Money.ofMinor(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency"))), transactionId,
                Optional.ofNullable(rs.getString("payment_id")), rs.getInt("score"), Scorecard.Action.valueOf(rs.getString("action")),
                hits(rs.getString("hits")), AlertState.valueOf(rs.getString("state")), Optional.ofNullable(rs.getString("assignee")),
                Optional.ofNullable(rs.getString("resolution")).map(Resolution::valueOf),
                Optional.ofNullable(closedAt).map(OffsetDateTime::toInstant), rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static String hitsJson(List<Hit> hits) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Hit hit : hits) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rule", hit.rule());
            row.put("version", hit.version());
            row.put("score", hit.score());
            row.put("evidence", hit.evidence());
            rows.add(row);
        }
        String wrapped = CanonicalJson.write(Map.of("hits", rows));
        return wrapped.substring("{\"hits\":".length(), wrapped.length() - 1);
    }

    private static List<Hit> hits(String json) throws SQLException {
        try {
            List<Map<String, Object>> rows = JSON.readValue(json, new TypeReference<List<Map<String, Object>>>() {});
            List<Hit> hits = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                hits.add(new Hit(String.valueOf(row.get("rule")), String.valueOf(row.get("version")),
                        ((Number) row.get("score")).intValue(), String.valueOf(row.get("evidence"))));
            }
            return hits;
        } catch (java.io.IOException e) {
            throw new SQLException("an alert's hits are not JSON", e);
        }
    }
}
