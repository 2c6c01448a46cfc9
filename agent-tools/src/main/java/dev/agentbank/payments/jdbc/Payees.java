package dev.agentbank.payments.jdbc;

import dev.agentbank.payments.model.Payee;
import dev.agentbank.payments.model.PayeeAccount;
import dev.agentbank.payments.model.PayeeId;
import dev.agentbank.payments.model.PayeeName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The payee table. */
public final class Payees {
    private static final String COLUMNS = "id, customer_id, name, kind, account, status, created_at, confirmed_channel,"
            + " confirmed_by, confirmed_at, removed_at";

    /** Stores a confirmed payee; false when the key was used already (a concurrent retry stored it). */
    public boolean insert(Connection connection, Payee payee, String createdBy, String idempotencyKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO payee (" + COLUMNS
                + ", created_by, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (created_by, idempotency_key) DO NOTHING")) {
            statement.setString(1, payee.id().value());
            statement.setLong(2, payee.customerId());
            statement.setString(3, payee.name().value());
            statement.setString(4, payee.account().kind().name());
            statement.setString(5, payee.account().value());
            statement.setString(6, payee.status().name());
            statement.setObject(7, utc(payee.createdAt()));
            statement.setString(8, payee.confirmation().channel());
            statement.setString(9, payee.confirmation().by());
            statement.setObject(10, utc(payee.confirmation().at()));
            statement.setObject(11, payee.removedAt() == null ? null : utc(payee.removedAt()));
            statement.setString(12, createdBy);
            statement.setString(13, idempotencyKey);
            return statement.executeUpdate() == 1;
        }
    }

    public Optional<Payee> find(Connection connection, PayeeId id, boolean forUpdate) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM payee WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id.value());
    }

    /** The payee stored under this caller's idempotency key, if any. */
    public Optional<Payee> byKey(Connection connection, String createdBy, String idempotencyKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM payee WHERE created_by = ? AND idempotency_key = ?")) {
            statement.setString(1, createdBy);
            statement.setString(2, idempotencyKey);
            return first(statement);
        }
    }

    /** A customer's active payees, oldest first. */
    public List<Payee> activeOf(Connection connection, long customerId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM payee WHERE customer_id = ? AND status = 'ACTIVE' ORDER BY created_at, id")) {
            statement.setLong(1, customerId);
            List<Payee> payees = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    payees.add(read(rows));
                }
            }
            return payees;
        }
    }

    public void markRemoved(Connection connection, Payee removed) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE payee SET status = 'REMOVED', removed_at = ? WHERE id = ? AND status = 'ACTIVE'")) {
            statement.setObject(1, utc(removed.removedAt()));
            statement.setString(2, removed.id().value());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("payee " + removed.id() + " was not active");
            }
        }
    }

    private Optional<Payee> one(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            return first(statement);
        }
    }

    private static Optional<Payee> first(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
        }
    }

    private static Payee read(ResultSet rows) throws SQLException {
        OffsetDateTime removedAt = rows.getObject("removed_at", OffsetDateTime.class);
        return new Payee(new PayeeId(rows.getString("id")), rows.getLong("customer_id"), new PayeeName(rows.getString("name")),
                PayeeAccount.stored(PayeeAccount.Kind.valueOf(rows.getString("kind")), rows.getString("account")),
                Payee.Status.valueOf(rows.getString("status")), rows.getObject("created_at", OffsetDateTime.class).toInstant(),
                new Payee.Confirmation(rows.getString("confirmed_channel"), rows.getString("confirmed_by"),
                        rows.getObject("confirmed_at", OffsetDateTime.class).toInstant()),
                removedAt == null ? null : removedAt.toInstant());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
