package dev.agentbank.approvals.jdbc;

import dev.agentbank.approvals.model.PendingConfirmation.Status;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Storage of requests other than money movements that wait for a human. State changes are conditional updates, so
 * two deciders cannot both win and one decision answers one call.
 */
public final class PendingConfirmations {
    private static final String COLUMNS = "id, principal, subject, fingerprint, description, status, created_at, expires_at, "
            + "decided_by, decided_at, channel, answered_at";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public PendingConfirmations(DataSource dataSource, AuditLog audit, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Stores the request as waiting, or returns the one this principal already has waiting to answer for the same
     * fingerprint (a retry, or two calls at once).
     */
    public PendingConfirmation createOrFind(Principal principal, ConfirmationRequest request, String fingerprint, Duration lifetime) {
        Instant now = clock.instant();
        String id = "CNF-" + ApprovalCodes.next();
        jdbc.inTransaction("store the confirmation request", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pending_confirmation (id, principal, subject, "
                    + "fingerprint, description, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?) "
                    + "ON CONFLICT (principal, fingerprint) WHERE answered_at IS NULL DO NOTHING")) {
                Jdbc.bind(insert, id, principal.encoded(), request.subject(), fingerprint, request.describe(), Timestamp.from(now),
                        Timestamp.from(now.plus(lifetime)));
                if (insert.executeUpdate() == 1) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("subject", request.subject());
                    details.put("expires_at", now.plus(lifetime).toString());
                    audit.record(connection, principal.actor(), "request_confirmation", "approval:" + id, details, "pending");
                }
            }
            return null;
        });
        return unanswered(principal, fingerprint).orElseThrow();
    }

    /** The request this principal has waiting to answer for this fingerprint, if any. */
    public Optional<PendingConfirmation> unanswered(Principal principal, String fingerprint) {
        return one("SELECT " + COLUMNS + " FROM pending_confirmation WHERE principal = ? AND fingerprint = ? AND answered_at IS NULL",
                principal.encoded(), fingerprint);
    }

    public Optional<PendingConfirmation> find(String id) {
        return one("SELECT " + COLUMNS + " FROM pending_confirmation WHERE id = ?", id == null ? "" : id.strip().toUpperCase(Locale.ROOT));
    }

    /** A principal's requests, newest first. */
    public List<PendingConfirmation> of(Principal principal, int limit) {
        return many("SELECT " + COLUMNS + " FROM pending_confirmation WHERE principal = ? ORDER BY created_at DESC, id LIMIT " + limit,
                principal.encoded());
    }

    /** Every request, newest first, for operators; open ones are waiting, or approved and not yet used. */
    public List<PendingConfirmation> all(boolean openOnly, int limit) {
        return many("SELECT " + COLUMNS + " FROM pending_confirmation"
                + (openOnly ? " WHERE status = 'PENDING' OR (status = 'APPROVED' AND answered_at IS NULL)" : "")
                + " ORDER BY created_at DESC, id LIMIT " + limit);
    }

    /** PENDING → APPROVED or REJECTED while not expired, audited; false when someone decided first or it expired. */
    public boolean decide(String id, Status decision, Actor decidedBy, String channel) {
        if (decision != Status.APPROVED && decision != Status.REJECTED) {
            throw new IllegalArgumentException("a human approves or rejects, not " + decision);
        }
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.inTransaction("record the decision", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE pending_confirmation SET status = ?, decided_by = ?, "
                    + "decided_at = ?, channel = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ? RETURNING subject")) {
                Jdbc.bind(update, decision.name(), decidedBy.id(), now, channel, id, now);
                try (ResultSet row = update.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    audit.record(connection, decidedBy, decision == Status.APPROVED ? "approve_confirmation" : "reject_confirmation",
                            "approval:" + id, Map.of("channel", channel, "subject", row.getString(1)),
                            decision.name().toLowerCase(Locale.ROOT));
                    return true;
                }
            }
        });
    }

    /** Marks a decision as having answered its tool; false when another call used it first. */
    public boolean markAnswered(String id) {
        return update("UPDATE pending_confirmation SET answered_at = ? WHERE id = ? AND answered_at IS NULL",
                Timestamp.from(clock.instant()), id) == 1;
    }

    public boolean markExpired(String id) {
        return update("UPDATE pending_confirmation SET status = 'EXPIRED' WHERE id = ? AND status = 'PENDING' AND expires_at <= ?",
                id, Timestamp.from(clock.instant())) == 1;
    }

    /** Marks every overdue request expired; returns how many. */
    public int expireDue() {
        return update("UPDATE pending_confirmation SET status = 'EXPIRED' WHERE status = 'PENDING' AND expires_at <= ?",
                Timestamp.from(clock.instant()));
    }

    private int update(String sql, Object... parameters) {
        return jdbc.update("update confirmation requests", sql, parameters);
    }

    private Optional<PendingConfirmation> one(String sql, Object... parameters) {
        List<PendingConfirmation> rows = many(sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<PendingConfirmation> many(String sql, Object... parameters) {
        return jdbc.list("read confirmation requests", sql, PendingConfirmations::read, parameters);
    }

    private static PendingConfirmation read(ResultSet rows) throws SQLException {
        return new PendingConfirmation(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), Status.valueOf(rows.getString(6)), instant(rows.getTimestamp(7)),
                instant(rows.getTimestamp(8)), rows.getString(9), instant(rows.getTimestamp(10)), rows.getString(11),
                instant(rows.getTimestamp(12)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
