package dev.agentbank.audit;

import dev.agentbank.shared.jdbc.Jdbc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/**
 * The hash chain over audit events. Each seal stores hash(previous hash, event), so editing, deleting or
 * reordering any sealed event breaks every link after it. Events are sealed shortly after their
 * transaction commits, by one process at a time (an advisory lock), in the order they are found.
 */
public final class AuditChain {
    static final String GENESIS = "0".repeat(64);
    private static final long SEALER_LOCK = 0x6167656e7462616eL; // "agentban"
    private static final int BATCH = 5_000;

    private final Jdbc jdbc;

    public AuditChain(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Chains every pending event. Returns how many were sealed; 0 if another process is sealing. */
    public int sealPending() {
        int total = 0;
        int sealed;
        do {
            sealed = sealBatch();
            total += sealed;
        } while (sealed == BATCH);
        return total;
    }

    private int sealBatch() {
        return jdbc.inTransaction("seal the audit log", this::sealBatch);
    }

    private int sealBatch(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet lock = statement.executeQuery("SELECT pg_try_advisory_xact_lock(" + SEALER_LOCK + ")")) {
            lock.next();
            if (!lock.getBoolean(1)) {
                return 0;
            }
        }
        long position = 0;
        String previous = GENESIS;
        try (Statement statement = connection.createStatement();
             ResultSet head = statement.executeQuery("SELECT position, hash FROM audit_seal ORDER BY position DESC LIMIT 1")) {
            if (head.next()) {
                position = head.getLong(1);
                previous = head.getString(2);
            }
        }
        List<Long> sealedIds = new ArrayList<>();
        try (PreparedStatement pending = connection.prepareStatement(
                "SELECT e.id, e.occurred_at, e.actor, e.action, e.subject, e.details, e.outcome "
                        + "FROM audit_pending p JOIN audit_event e ON e.id = p.event_id ORDER BY e.id LIMIT " + BATCH);
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO audit_seal (position, event_id, previous_hash, hash) VALUES (?, ?, ?, ?)");
             ResultSet rs = pending.executeQuery()) {
            while (rs.next()) {
                String hash = link(previous, canonical(rs));
                position++;
                insert.setLong(1, position);
                insert.setLong(2, rs.getLong(1));
                insert.setString(3, previous);
                insert.setString(4, hash);
                insert.addBatch();
                sealedIds.add(rs.getLong(1));
                previous = hash;
            }
            if (!sealedIds.isEmpty()) {
                insert.executeBatch();
            }
        }
        if (!sealedIds.isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM audit_pending WHERE event_id = ANY (?)")) {
                Array ids = connection.createArrayOf("bigint", sealedIds.toArray());
                delete.setArray(1, ids);
                delete.executeUpdate();
            }
        }
        return sealedIds.size();
    }

    /** Seals what is pending, then walks the whole chain. */
    public Verification verify() {
        sealPending();
        return jdbc.query("read the audit log", connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for the whole walk
            return verify(connection);
        });
    }

    private Verification verify(Connection connection) throws SQLException {
        long expectedPosition = 1;
        String previous = GENESIS;
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(2_000);
            try (ResultSet rs = statement.executeQuery(
                    "SELECT s.position, s.event_id, s.previous_hash, s.hash, "
                            + "e.id, e.occurred_at, e.actor, e.action, e.subject, e.details, e.outcome "
                            + "FROM audit_seal s LEFT JOIN audit_event e ON e.id = s.event_id ORDER BY s.position")) {
                while (rs.next()) {
                    long position = rs.getLong(1);
                    long eventId = rs.getLong(2);
                    if (position != expectedPosition) {
                        return new Verification.Broken(expectedPosition, eventId, "link " + expectedPosition + " is missing");
                    }
                    if (!rs.getString(3).equals(previous)) {
                        return new Verification.Broken(position, eventId, "does not follow the link before it");
                    }
                    if (rs.getObject(5) == null) {
                        return new Verification.Broken(position, eventId, "its event was deleted");
                    }
                    String hash = link(previous, canonical(rs, 5));
                    if (!hash.equals(rs.getString(4))) {
                        return new Verification.Broken(position, eventId, "its event was altered");
                    }
                    previous = hash;
                    expectedPosition++;
                }
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT e.id FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.event_id = e.id) "
                             + "AND NOT EXISTS (SELECT 1 FROM audit_pending p WHERE p.event_id = e.id) ORDER BY e.id LIMIT 1")) {
            if (rs.next()) {
                return new Verification.Broken(expectedPosition, rs.getLong(1), "an event was inserted outside the log");
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT p.event_id FROM audit_pending p LEFT JOIN audit_event e ON e.id = p.event_id WHERE e.id IS NULL LIMIT 1")) {
            if (rs.next()) {
                return new Verification.Broken(expectedPosition, rs.getLong(1), "an event was deleted before it was chained");
            }
        }
        long pending;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM audit_pending")) {
            rs.next();
            pending = rs.getLong(1);
        }
        return new Verification.Intact(expectedPosition - 1, pending);
    }

    private static String canonical(ResultSet rs) throws SQLException {
        return canonical(rs, 1);
    }

    /** id, time in microseconds, actor, action, subject, details, outcome: separated by a unit separator. */
    private static String canonical(ResultSet rs, int first) throws SQLException {
        Instant occurredAt = rs.getObject(first + 1, OffsetDateTime.class).toInstant();
        return String.join("\u001f",
                Long.toString(rs.getLong(first)),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, occurredAt)),
                rs.getString(first + 2),
                rs.getString(first + 3),
                String.valueOf(rs.getString(first + 4)),
                rs.getString(first + 5),
                rs.getString(first + 6));
    }

    static String link(String previousHash, String canonicalEvent) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previousHash.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) '\n');
            digest.update(canonicalEvent.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer of a verification: a value either way. */
    public sealed interface Verification {
        record Intact(long verified, long pending) implements Verification {}

        record Broken(long position, long eventId, String problem) implements Verification {}
    }
}
