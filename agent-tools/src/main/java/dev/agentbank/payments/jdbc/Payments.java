package dev.agentbank.payments.jdbc;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.payments.model.PayeeAccount;
import dev.agentbank.payments.model.PayeeId;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.payments.model.PaymentId;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/** The payment table. Its first row is written in the posting transaction of the payment's debit. */
public final class Payments {
    private static final String COLUMNS = "id, customer_id, payee_id, kind, from_account, payee_name, payee_account, amount_minor,"
            + " currency, reference, status, request_hash, confirmed_by, confirmed_channel, debit_entry_id, closing_entry_id,"
            + " provider_payment_id, return_code, return_reason, attempts, next_attempt_at, last_problem, created_at, finished_at";

    public void insert(Connection connection, Payment payment, String actor, String idempotencyKey) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO payment (" + COLUMNS
                + ", actor, idempotency_key, held_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            Jdbc.bind(statement, payment.id().value(), payment.customerId(), payment.payeeId().value(), payment.kind().name(),
                    payment.from().value(), payment.payeeName(), payment.payeeAccount(), payment.amount().minorUnits(),
                    payment.amount().currency().getCurrencyCode(), payment.reference(), payment.status().name(), payment.request(),
                    payment.confirmedVia().by(), payment.confirmedVia().channel(), payment.debitEntryId(), payment.closingEntryId(),
                    payment.providerPaymentId().orElse(null), payment.returned().map(Payment.Returned::code).orElse(null),
                    payment.returned().map(Payment.Returned::reason).orElse(null), payment.delivery().attempts(),
                    utc(payment.delivery().nextAttemptAt()), payment.delivery().lastProblem(), utc(payment.createdAt()),
                    utc(payment.finishedAt()), actor, idempotencyKey,
                    payment.status() == Payment.Status.HELD ? utc(payment.createdAt()) : null);
            statement.executeUpdate();
        }
    }

    public Optional<Payment> find(Connection connection, PaymentId id, boolean forUpdate) throws SQLException {
        return first(connection, "SELECT " + COLUMNS + " FROM payment WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id.value());
    }

    /** The payment made under this caller's idempotency key, if any. */
    public Optional<Payment> byKey(Connection connection, String actor, String idempotencyKey) throws SQLException {
        return first(connection, "SELECT " + COLUMNS + " FROM payment WHERE actor = ? AND idempotency_key = ?", actor, idempotencyKey);
    }

    /** A customer's payments, newest first. */
    public List<Payment> ofCustomer(Connection connection, long customerId, int limit) throws SQLException {
        return all(connection, "SELECT " + COLUMNS + " FROM payment WHERE customer_id = ? ORDER BY created_at DESC, id LIMIT ?",
                customerId, limit);
    }

    /** External payments whose next question to the provider is due, oldest first. */
    public List<PaymentId> due(Connection connection, Instant now, int limit) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM payment WHERE status = 'PENDING'"
                + " AND kind = 'EXTERNAL' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")) {
            Jdbc.bind(statement, utc(now), limit);
            List<PaymentId> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(new PaymentId(rows.getString(1)));
                }
            }
            return ids;
        }
    }

    /** What was paid to a payee since {@code since} and not returned, in its currency. */
    public Money paidTo(Connection connection, PayeeId payee, Instant since, Currency currency) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT coalesce(sum(amount_minor), 0) FROM payment"
                + " WHERE payee_id = ? AND currency = ? AND created_at >= ? AND status <> 'RETURNED'")) {
            Jdbc.bind(statement, payee.value(), currency.getCurrencyCode(), utc(since));
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return Money.ofMinor(rows.getLong(1), currency);
            }
        }
    }

    /** Stores a pending payment's new state: its finish, or the provider's id and the next attempt. */
    public void update(Connection connection, Payment payment) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE payment SET status = ?, closing_entry_id = ?,"
                + " provider_payment_id = ?, return_code = ?, return_reason = ?, attempts = ?, next_attempt_at = ?, last_problem = ?,"
                + " finished_at = ? WHERE id = ? AND status = 'PENDING'")) {
            Jdbc.bind(statement, payment.status().name(), payment.closingEntryId(), payment.providerPaymentId().orElse(null),
                    payment.returned().map(Payment.Returned::code).orElse(null),
                    payment.returned().map(Payment.Returned::reason).orElse(null), payment.delivery().attempts(),
                    utc(payment.delivery().nextAttemptAt()), payment.delivery().lastProblem(), utc(payment.finishedAt()),
                    payment.id().value());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("payment " + payment.id() + " is no longer pending");
            }
        }
    }

    /** Payments on hold, the longest held first; with {@code heldUntil}, only those held at or before it. */
    public List<Payment> held(Connection connection, Instant heldUntil, int limit) throws SQLException {
        return heldUntil == null
                ? all(connection, "SELECT " + COLUMNS + " FROM payment WHERE status = 'HELD' ORDER BY held_at, id LIMIT ?", limit)
                : all(connection, "SELECT " + COLUMNS + " FROM payment WHERE status = 'HELD' AND held_at <= ? ORDER BY held_at, id"
                        + " LIMIT ?", utc(heldUntil), limit);
    }

    /** Who ended a payment's hold, when and why; empty while it is held or when it never was. */
    public record HoldDecision(String by, Instant at, String reason) {}

    public Optional<HoldDecision> holdDecision(Connection connection, PaymentId id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT hold_decided_by, hold_decided_at, hold_reason"
                + " FROM payment WHERE id = ? AND hold_decided_by IS NOT NULL")) {
            Jdbc.bind(statement, id.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new HoldDecision(rows.getString(1), instant(rows, "hold_decided_at"),
                        rows.getString(3))) : Optional.empty();
            }
        }
    }

    /** Ends a hold: the payment's new state, and the decision; fails unless the payment is still held. */
    public void decideHold(Connection connection, Payment payment, HoldDecision decision) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE payment SET status = ?, closing_entry_id = ?,"
                + " return_code = ?, return_reason = ?, attempts = ?, next_attempt_at = ?, last_problem = ?, finished_at = ?,"
                + " hold_decided_by = ?, hold_decided_at = ?, hold_reason = ? WHERE id = ? AND status = 'HELD'")) {
            Jdbc.bind(statement, payment.status().name(), payment.closingEntryId(),
                    payment.returned().map(Payment.Returned::code).orElse(null),
                    payment.returned().map(Payment.Returned::reason).orElse(null), payment.delivery().attempts(),
                    utc(payment.delivery().nextAttemptAt()), payment.delivery().lastProblem(), utc(payment.finishedAt()),
                    decision.by(), utc(decision.at()), decision.reason(), payment.id().value());
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("payment " + payment.id() + " is no longer held");
            }
        }
    }

    private static Optional<Payment> first(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Payment> found = all(connection, sql, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private static List<Payment> all(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Jdbc.bind(statement, parameters);
            List<Payment> payments = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    payments.add(read(rows));
                }
            }
            return payments;
        }
    }

    private static Payment read(ResultSet rows) throws SQLException {
        Currency currency = Currency.getInstance(rows.getString("currency").strip());
        String returnCode = rows.getString("return_code");
        long closingId = rows.getLong("closing_entry_id");
        Long closing = rows.wasNull() ? null : closingId;
        return new Payment(new PaymentId(rows.getString("id")), rows.getLong("customer_id"), new PayeeId(rows.getString("payee_id")),
                PayeeAccount.Kind.valueOf(rows.getString("kind")), AccountNumber.parse(rows.getString("from_account")).orElseThrow(),
                rows.getString("payee_name"), rows.getString("payee_account"), Money.ofMinor(rows.getLong("amount_minor"), currency),
                rows.getString("reference"), Payment.Status.valueOf(rows.getString("status")), rows.getString("request_hash"),
                new Payment.Confirmation(rows.getString("confirmed_by"), rows.getString("confirmed_channel")),
                rows.getLong("debit_entry_id"), closing,
                Optional.ofNullable(rows.getString("provider_payment_id")),
                returnCode == null ? Optional.empty() : Optional.of(new Payment.Returned(returnCode, rows.getString("return_reason"))),
                new Payment.Delivery(rows.getInt("attempts"), instant(rows, "next_attempt_at"), rows.getString("last_problem")),
                instant(rows, "created_at"), instant(rows, "finished_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
