package dev.agentbank.shared.audit;

import dev.agentbank.audit.AuditChain;
import dev.agentbank.shared.Actor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.hibernate.Session;

/**
 * Writes audit events inside the caller's transaction, so an event exists exactly when its change does.
 * Chaining happens afterwards, in {@link AuditChain}, so that concurrent writers never queue on a chain head.
 */
public final class AuditLog {
    static final String INSERT = """
            WITH event AS (
                INSERT INTO audit_event (occurred_at, actor, action, subject, details, outcome)
                VALUES (?, ?, ?, ?, ?, ?) RETURNING id)
            INSERT INTO audit_pending (event_id) SELECT id FROM event""";

    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    public Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    public void record(Session session, Actor actor, String action, String subject, Map<String, ?> details, String outcome) {
        session.doWork(connection -> record(connection, actor, action, subject, details, outcome));
    }

    public void record(Connection connection, Actor actor, String action, String subject, Map<String, ?> details,
                       String outcome) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
            insert.setString(2, actor.id());
            insert.setString(3, action);
            insert.setString(4, subject);
            insert.setString(5, CanonicalJson.write(details));
            insert.setString(6, outcome);
            insert.executeUpdate();
        }
    }
}
