package dev.agentbank.shared.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the event stream for one consumer, exactly once and in commit-safe order.
 *
 * <p>Event ids are handed out at insert, not at commit, so "id above the last one read" skips an event whose
 * transaction commits after a later one's. Instead the feed reads only events whose writing transaction is below the
 * oldest transaction still running ({@code pg_snapshot_xmin}): every such transaction has ended, and no new event can
 * ever appear below that line. Within it, events are read in (transaction id, event id) order from the consumer's
 * cursor, and the cursor moves in the consumer's own transaction, with whatever the consumer wrote for the events.
 */
public final class EventFeed {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCK = "SELECT tx::text, event_id FROM event_cursor WHERE consumer = ? FOR UPDATE SKIP LOCKED";
    private static final String NEXT = """
            SELECT id, tx::text, occurred_at, kind, actor, customer_id, body::text FROM bank_event
            WHERE (tx, id) > (?::xid8, ?) AND tx < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx, id LIMIT ?""";
    private static final String MOVE = "UPDATE event_cursor SET tx = ?::xid8, event_id = ?, updated_at = now() WHERE consumer = ?";

    /** One event as written. */
    public record Event(long id, String tx, Instant occurredAt, EventStream.Kind kind, String actor, Optional<Long> customerId,
                        Map<String, Object> body) {}

    /** Where a consumer stands: the last event it finished. */
    public record Cursor(String tx, long eventId) {}

    private final String consumer;

    public EventFeed(String consumer) {
        this.consumer = consumer;
    }

    /**
     * Locks this consumer's cursor for the rest of {@code connection}'s transaction, so two processes never consume the
     * same events, and returns it; empty while another transaction holds it. Call it first, before anything else.
     */
    public Optional<Cursor> lockIfFree(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setString(1, consumer);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Cursor(rs.getString(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /** Up to {@code limit} events after {@code cursor} whose transactions have all ended, in order. */
    public List<Event> after(Connection connection, Cursor cursor, int limit) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(NEXT)) {
            statement.setString(1, cursor.tx());
            statement.setLong(2, cursor.eventId());
            statement.setInt(3, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long customer = rs.getLong(6);
                    Optional<Long> customerId = rs.wasNull() ? Optional.empty() : Optional.of(customer);
                    events.add(new Event(rs.getLong(1), rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                            EventStream.Kind.of(rs.getString(4)), rs.getString(5), customerId, body(rs.getString(7))));
                }
            }
        }
        return events;
    }

    /** Moves the cursor past {@code last}, in the caller's transaction. */
    public void moveTo(Connection connection, Event last) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(MOVE)) {
            statement.setString(1, last.tx());
            statement.setLong(2, last.id());
            statement.setString(3, consumer);
            statement.executeUpdate();
        }
    }

    private static Map<String, Object> body(String text) throws SQLException {
        try {
            return JSON.readValue(text, new TypeReference<Map<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new SQLException("an event body is not a JSON object", e);
        }
    }
}
