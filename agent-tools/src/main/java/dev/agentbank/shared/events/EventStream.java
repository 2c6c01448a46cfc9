package dev.agentbank.shared.events;

import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.CanonicalJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The bank's transaction event stream: contexts append what happened on the connection of the transaction that made it
 * happen, so an event exists exactly when its change committed. Consumers such as fraud monitoring read it with
 * {@link EventFeed}. Postings append theirs inside the ledger's own write statement.
 */
public final class EventStream {
    private static final String APPEND = "INSERT INTO bank_event (occurred_at, kind, actor, customer_id, body) VALUES (?, ?, ?, ?, ?::jsonb)";

    /** The kinds of event; a posting's is written by the ledger. */
    public enum Kind {
        POSTING, PAYEE_ADDED, PAYEE_REMOVED, CONFIRMATION_DECIDED, CLIENT_FIRST_SEEN;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String label) {
            return valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }

    private EventStream() {}

    public static void append(Connection connection, Kind kind, Actor actor, Long customerId, Instant at, Map<String, ?> body)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(APPEND)) {
            statement.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            statement.setString(2, kind.label());
            statement.setString(3, actor.id());
            statement.setObject(4, customerId, java.sql.Types.BIGINT);
            statement.setString(5, CanonicalJson.write(body));
            statement.executeUpdate();
        }
    }
}
