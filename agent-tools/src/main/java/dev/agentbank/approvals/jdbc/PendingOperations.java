package dev.agentbank.approvals.jdbc;

import dev.agentbank.approvals.model.PendingOperation.Status;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.EntryKind;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Storage of pending approvals. State changes are conditional updates, so two deciders cannot both win. */
public final class PendingOperations {
    private static final String COLUMNS = "id, principal, idempotency_key, kind, reverses_transaction_id, from_account, to_account, amount, currency, "
            + "reference, fingerprint, status, created_at, expires_at, decided_by, decided_at, channel, transaction_id, failure";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public PendingOperations(DataSource dataSource, AuditLog audit, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.audit = audit;
        this.clock = clock;
    }

    /** Stores a new request, or returns the one this principal already made under the same key. */
    public PendingOperation createOrFind(Principal principal, Proposal proposal, Duration lifetime) {
        Instant now = clock.instant();
        String id = "APR-" + ApprovalCodes.next();
        jdbc.run("store the approval request", connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO pending_operation (id, principal, idempotency_key, "
                    + "kind, reverses_transaction_id, from_account, to_account, amount, currency, reference, fingerprint, status, "
                    + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (principal, idempotency_key) DO NOTHING")) {
                insert.setString(1, id);
                insert.setString(2, principal.encoded());
                insert.setString(3, proposal.command().idempotencyKey().value());
                insert.setString(4, proposal.kind().name());
                insert.setObject(5, proposal.command() instanceof Commands.Reversal reversal ? reversal.transactionId() : null,
                        java.sql.Types.BIGINT);
                insert.setString(6, proposal.from().map(Object::toString).orElse(null));
                insert.setString(7, proposal.to().map(Object::toString).orElse(null));
                insert.setBigDecimal(8, proposal.amount().amount());
                insert.setString(9, proposal.amount().currency().getCurrencyCode());
                insert.setString(10, proposal.reference());
                insert.setString(11, proposal.command().fingerprint());
                insert.setTimestamp(12, Timestamp.from(now));
                insert.setTimestamp(13, Timestamp.from(now.plus(lifetime)));
                insert.executeUpdate();
            }
        });
        return findByKey(principal, proposal.command().idempotencyKey().value()).orElseThrow();
    }

    public Optional<PendingOperation> find(String id) {
        return one("SELECT " + COLUMNS + " FROM pending_operation WHERE id = ?", id == null ? "" : id.strip().toUpperCase());
    }

    public Optional<PendingOperation> findByKey(Principal principal, String idempotencyKey) {
        return one("SELECT " + COLUMNS + " FROM pending_operation WHERE principal = ? AND idempotency_key = ?",
                principal.encoded(), idempotencyKey);
    }

    /** A principal's requests, newest first. */
    public List<PendingOperation> of(Principal principal, int limit) {
        return many("SELECT " + COLUMNS + " FROM pending_operation WHERE principal = ? ORDER BY created_at DESC, id LIMIT " + limit,
                principal.encoded());
    }

    /** Every request, newest first, for operators. */
    public List<PendingOperation> all(boolean openOnly, int limit) {
        return many("SELECT " + COLUMNS + " FROM pending_operation"
                + (openOnly ? " WHERE status IN ('PENDING', 'APPROVED')" : "") + " ORDER BY created_at DESC, id LIMIT " + limit);
    }

    /** PENDING → APPROVED or REJECTED while not expired; false when someone else decided first or it expired. */
    public boolean decide(String id, Status decision, Actor decidedBy, String channel) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.inTransaction("record the decision", connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE pending_operation SET status = ?, decided_by = ?, "
                    + "decided_at = ?, channel = ? WHERE id = ? AND status = 'PENDING' AND expires_at > ?")) {
                Jdbc.bind(update, decision.name(), decidedBy.id(), now, channel, id, now);
                boolean won = update.executeUpdate() == 1;
                if (won) {
                    audit.record(connection, decidedBy, decision == Status.APPROVED ? "approve_operation" : "reject_operation",
                            "approval:" + id, Map.of("channel", channel), decision.name().toLowerCase(java.util.Locale.ROOT));
                }
                return won;
            }
        });
    }

    public boolean markExpired(String id) {
        return update("UPDATE pending_operation SET status = 'EXPIRED' WHERE id = ? AND status = 'PENDING' AND expires_at <= ?",
                id, Timestamp.from(clock.instant())) == 1;
    }

    public void markExecuted(String id, long transactionId) {
        update("UPDATE pending_operation SET status = 'EXECUTED', transaction_id = ? WHERE id = ? AND status = 'APPROVED'",
                transactionId, id);
    }

    public void markFailed(String id, String failure) {
        update("UPDATE pending_operation SET status = 'FAILED', failure = ? WHERE id = ? AND status = 'APPROVED'", failure, id);
    }

    /** Marks every overdue request expired; returns how many. */
    public int expireDue() {
        return update("UPDATE pending_operation SET status = 'EXPIRED' WHERE status = 'PENDING' AND expires_at <= ?",
                Timestamp.from(clock.instant()));
    }

    private int update(String sql, Object... parameters) {
        return jdbc.update("update approval requests", sql, parameters);
    }

    private Optional<PendingOperation> one(String sql, Object... parameters) {
        List<PendingOperation> rows = many(sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<PendingOperation> many(String sql, Object... parameters) {
        return jdbc.list("read approval requests", sql, PendingOperations::read, parameters);
    }

    private static PendingOperation read(ResultSet rows) throws SQLException {
        Long reverses = rows.getObject(5) == null ? null : rows.getLong(5);
        Long transaction = rows.getObject(18) == null ? null : rows.getLong(18);
        return new PendingOperation(rows.getString(1), rows.getString(2), rows.getString(3), EntryKind.valueOf(rows.getString(4)),
                reverses, rows.getString(6), rows.getString(7), rows.getBigDecimal(8), rows.getString(9),
                rows.getString(10), rows.getString(11), Status.valueOf(rows.getString(12)), instant(rows.getTimestamp(13)),
                instant(rows.getTimestamp(14)), rows.getString(15), instant(rows.getTimestamp(16)), rows.getString(17),
                transaction, rows.getString(19));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
