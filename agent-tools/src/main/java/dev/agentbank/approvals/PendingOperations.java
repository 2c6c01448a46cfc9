package dev.agentbank.approvals;

import dev.agentbank.approvals.PendingOperation.Status;
import dev.agentbank.security.Principal;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Storage of pending approvals. State changes are conditional updates, so two deciders cannot both win. */
public final class PendingOperations {
    private static final String COLUMNS = "id, principal, idempotency_key, kind, from_account, to_account, amount, currency, "
            + "reference, fingerprint, status, created_at, expires_at, decided_by, decided_at, channel, transaction_id, failure";
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final Clock clock;

    public PendingOperations(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Stores a new request, or returns the one this principal already made under the same key. */
    PendingOperation createOrFind(Principal principal, Proposal proposal, Duration lifetime) {
        Instant now = clock.instant();
        String id = "APR-" + randomCode();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO pending_operation (id, principal, idempotency_key, "
                     + "kind, from_account, to_account, amount, currency, reference, fingerprint, status, created_at, expires_at) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (principal, idempotency_key) DO NOTHING")) {
            insert.setString(1, id);
            insert.setString(2, principal.encoded());
            insert.setString(3, proposal.command().idempotencyKey().value());
            insert.setString(4, proposal.kind().name());
            insert.setString(5, proposal.from().map(Object::toString).orElse(null));
            insert.setString(6, proposal.to().map(Object::toString).orElse(null));
            insert.setBigDecimal(7, proposal.amount().amount());
            insert.setString(8, proposal.amount().currency().getCurrencyCode());
            insert.setString(9, proposal.reference());
            insert.setString(10, proposal.command().fingerprint());
            insert.setTimestamp(11, Timestamp.from(now));
            insert.setTimestamp(12, Timestamp.from(now.plus(lifetime)));
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the approval request", e);
        }
        return findByKey(principal, proposal.command().idempotencyKey().value()).orElseThrow();
    }

    public Optional<PendingOperation> find(String id) {
        return one("SELECT " + COLUMNS + " FROM pending_operation WHERE id = ?", id == null ? "" : id.strip().toUpperCase());
    }

    Optional<PendingOperation> findByKey(Principal principal, String idempotencyKey) {
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
    boolean decide(String id, Status decision, String decidedBy, String channel) {
        return update("UPDATE pending_operation SET status = ?, decided_by = ?, decided_at = ?, channel = ? "
                + "WHERE id = ? AND status = 'PENDING' AND expires_at > ?", decision.name(), decidedBy,
                Timestamp.from(clock.instant()), channel, id, Timestamp.from(clock.instant())) == 1;
    }

    boolean markExpired(String id) {
        return update("UPDATE pending_operation SET status = 'EXPIRED' WHERE id = ? AND status = 'PENDING' AND expires_at <= ?",
                id, Timestamp.from(clock.instant())) == 1;
    }

    void markExecuted(String id, long transactionId) {
        update("UPDATE pending_operation SET status = 'EXECUTED', transaction_id = ? WHERE id = ? AND status = 'APPROVED'",
                transactionId, id);
    }

    void markFailed(String id, String failure) {
        update("UPDATE pending_operation SET status = 'FAILED', failure = ? WHERE id = ? AND status = 'APPROVED'", failure, id);
    }

    /** Marks every overdue request expired; returns how many. */
    public int expireDue() {
        return update("UPDATE pending_operation SET status = 'EXPIRED' WHERE status = 'PENDING' AND expires_at <= ?",
                Timestamp.from(clock.instant()));
    }

    private static String randomCode() {
        char[] code = new char[8];
        for (int i = 0; i < code.length; i++) {
            code[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(code);
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            int count = statement.executeUpdate();
            connection.commit();
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("could not update approval requests", e);
        }
    }

    private Optional<PendingOperation> one(String sql, Object... parameters) {
        List<PendingOperation> rows = many(sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    private List<PendingOperation> many(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            List<PendingOperation> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Long transaction = rows.getObject(17) == null ? null : rows.getLong(17);
                    result.add(new PendingOperation(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                            rows.getString(5), rows.getString(6), rows.getBigDecimal(7), rows.getString(8), rows.getString(9),
                            rows.getString(10), Status.valueOf(rows.getString(11)), instant(rows.getTimestamp(12)),
                            instant(rows.getTimestamp(13)), rows.getString(14), instant(rows.getTimestamp(15)), rows.getString(16),
                            transaction, rows.getString(18)));
                }
            }
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read approval requests", e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
