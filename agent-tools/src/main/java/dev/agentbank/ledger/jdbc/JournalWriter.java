package dev.agentbank.ledger.jdbc;

import dev.agentbank.accounts.jdbc.AccountRows;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.ledger.model.NewEntry;
import dev.agentbank.shared.audit.CallRecord;
import dev.agentbank.shared.audit.CanonicalJson;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger's hot path in plain SQL: one round trip locks the accounts and looks up the idempotency key,
 * one writes the entry, its postings, the new balances and the audit event. Hibernate would need about
 * eight round trips for the same work, and on a two-core machine those dominate (see README, Benchmarks).
 */
public final class JournalWriter {
    private static final String ACCOUNT_COLUMNS = AccountRows.COLUMNS;

    // Locks in id order, so two transfers over the same pair can never deadlock.
    private static final String LOCK_BY_NUMBER = "SELECT " + ACCOUNT_COLUMNS
            + " FROM account WHERE number = ANY (?) AND customer_id IS NOT NULL ORDER BY id FOR NO KEY UPDATE";
    private static final String LOCK_BY_ID = "SELECT " + ACCOUNT_COLUMNS
            + " FROM account WHERE id = ANY (?) AND customer_id IS NOT NULL ORDER BY id FOR NO KEY UPDATE";
    private static final String FIND_KEY = "SELECT id, request_hash FROM journal_entry WHERE actor = ? AND idempotency_key = ?";

    // The audit rows are the ones AuditLog.INSERT writes (the posting's, and the agent's call that asked for it when
    // there is one), and the event row the one EventStream.append writes, inlined so a movement stays one statement.
    private static final String WRITE = """
            WITH entry AS (
                INSERT INTO journal_entry (kind, actor, idempotency_key, request_hash, reference, reverses_entry_id, posted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id),
            legs AS (
                INSERT INTO posting (entry_id, account_id, account_seq, kind, amount_minor, currency, balance_after_minor, posted_at)
                SELECT entry.id, l.account_id, l.account_seq, ?, l.amount_minor, ?, l.balance_after, ?
                FROM entry, unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])
                    AS l(account_id, account_seq, amount_minor, balance_after)),
            balances AS (
                UPDATE account a SET balance_minor = b.balance_after, last_seq = b.account_seq
                FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS b(id, balance_after, account_seq)
                WHERE a.id = b.id),
            event AS (
                INSERT INTO audit_event (occurred_at, actor, action, subject, details, outcome)
                SELECT ?, ?, ?, 'transaction:' || entry.id, ?, 'posted' FROM entry RETURNING id),
            call AS (
                INSERT INTO audit_event (occurred_at, actor, action, subject, details, outcome)
                SELECT ?, ?, ?, ?, ?, 'ok' WHERE ? RETURNING id),
            pending AS (
                INSERT INTO audit_pending (event_id) SELECT id FROM event UNION ALL SELECT id FROM call),
            stream AS (
                INSERT INTO bank_event (occurred_at, kind, actor, body)
                SELECT ?, 'posting', ?, ?::jsonb || jsonb_build_object('transaction_id', entry.id) FROM entry)
            SELECT id FROM entry""";

    /** An earlier entry under the same key, if any: its id and request fingerprint. */
    public record Earlier(long id, String fingerprint) {}

    /** The locked accounts, in id order, and any entry already posted under the key. */
    public record Locked(List<Account> accounts, Optional<Earlier> earlier) {}

    public static Locked lockByNumber(Connection connection, List<String> numbers, String actor, String key) throws SQLException {
        return lock(connection, LOCK_BY_NUMBER, connection.createArrayOf("text", numbers.toArray()), actor, key);
    }

    public static Locked lockById(Connection connection, List<Long> ids, String actor, String key) throws SQLException {
        return lock(connection, LOCK_BY_ID, connection.createArrayOf("bigint", ids.toArray()), actor, key);
    }

    /** Both statements go in one round trip; the key lookup runs after the locks, so it sees a racing twin's commit. */
    private static Locked lock(Connection connection, String lockSql, Array keys, String actor, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lockSql + ";\n" + FIND_KEY)) {
            statement.setArray(1, keys);
            statement.setString(2, actor);
            statement.setString(3, key);
            statement.execute();
            List<Account> accounts = new ArrayList<>();
            try (ResultSet rs = statement.getResultSet()) {
                while (rs.next()) {
                    accounts.add(AccountRows.read(rs));
                }
            }
            if (!statement.getMoreResults()) {
                throw new SQLException("idempotency lookup returned no result set");
            }
            try (ResultSet rs = statement.getResultSet()) {
                Optional<Earlier> earlier = rs.next() ? Optional.of(new Earlier(rs.getLong(1), rs.getString(2))) : Optional.empty();
                return new Locked(accounts, earlier);
            }
        }
    }

    public static Optional<Account> settlement(Connection connection, Currency currency) throws SQLException {
        return internal(connection, AccountKind.SETTLEMENT, currency);
    }

    /** The bank's own account of this kind and currency. */
    public static Optional<Account> internal(Connection connection, AccountKind kind, Currency currency) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + ACCOUNT_COLUMNS + " FROM account WHERE kind = ? AND currency = ?")) {
            statement.setString(1, kind.name());
            statement.setString(2, currency.getCurrencyCode());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(AccountRows.read(rs)) : Optional.empty();
            }
        }
    }

    public static boolean isReversed(Connection connection, long entryId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM journal_entry WHERE reverses_entry_id = ?")) {
            statement.setLong(1, entryId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static Optional<Earlier> findKey(Connection connection, String actor, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND_KEY)) {
            statement.setString(1, actor);
            statement.setString(2, key);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(new Earlier(rs.getLong(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    /** Writes the entry and everything that changes with it, with the record of the call that asked for it; returns the entry's id. */
    public static long write(Connection connection, NewEntry entry, String action, Map<String, Object> auditDetails,
                             Optional<CallRecord> call) throws SQLException {
        List<NewEntry.Leg> legs = entry.legs();
        String currency = legs.getFirst().amount().currency().getCurrencyCode();
        List<NewEntry.Leg> customerLegs = legs.stream().filter(l -> !l.account().isInternal()).toList();
        OffsetDateTime postedAt = OffsetDateTime.ofInstant(entry.postedAt(), ZoneOffset.UTC);
        try (PreparedStatement statement = connection.prepareStatement(WRITE)) {
            int i = 1;
            statement.setString(i++, entry.kind().name());
            statement.setString(i++, entry.actor().id());
            statement.setString(i++, entry.key().value());
            statement.setString(i++, entry.fingerprint());
            statement.setString(i++, entry.reference());
            statement.setObject(i++, entry.reverses(), java.sql.Types.BIGINT);
            statement.setObject(i++, postedAt);
            statement.setString(i++, entry.kind().name());
            statement.setString(i++, currency);
            statement.setObject(i++, postedAt);
            statement.setArray(i++, longs(connection, legs.stream().map(l -> l.account().id()).toList()));
            statement.setArray(i++, longs(connection, legs.stream().map(NewEntry.Leg::accountSeq).toList()));
            statement.setArray(i++, longs(connection, legs.stream().map(l -> l.amount().minorUnits()).toList()));
            statement.setArray(i++, longs(connection, legs.stream()
                    .map(l -> l.balanceAfter() == null ? null : l.balanceAfter().minorUnits()).toList()));
            statement.setArray(i++, longs(connection, customerLegs.stream().map(l -> l.account().id()).toList()));
            statement.setArray(i++, longs(connection, customerLegs.stream().map(l -> l.account().balance().minorUnits()).toList()));
            statement.setArray(i++, longs(connection, customerLegs.stream().map(l -> l.account().lastSeq()).toList()));
            statement.setObject(i++, postedAt);
            statement.setString(i++, entry.actor().id());
            statement.setString(i++, action);
            statement.setString(i++, CanonicalJson.write(auditDetails));
            statement.setObject(i++, postedAt);
            statement.setString(i++, call.map(c -> c.actor().id()).orElse(entry.actor().id()));
            statement.setString(i++, call.map(CallRecord::action).orElse(""));
            statement.setString(i++, call.map(CallRecord::subject).orElse(""));
            statement.setString(i++, call.map(c -> CanonicalJson.write(c.details())).orElse("{}"));
            statement.setBoolean(i++, call.isPresent());
            statement.setObject(i++, postedAt);
            statement.setString(i++, entry.actor().id());
            statement.setString(i, CanonicalJson.write(event(entry, auditDetails)));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The posting as the event stream carries it: every leg with its account and customer, and the audit details. */
    private static Map<String, Object> event(NewEntry entry, Map<String, Object> auditDetails) {
        List<Map<String, Object>> legs = new ArrayList<>();
        for (NewEntry.Leg leg : entry.legs()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("account", leg.account().rawNumber());
            row.put("customer_id", leg.account().customerId());
            row.put("amount_minor", leg.amount().minorUnits());
            legs.add(row);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("entry_kind", entry.kind().name());
        body.put("currency", entry.legs().getFirst().amount().currency().getCurrencyCode());
        body.put("reference", entry.reference());
        body.put("legs", legs);
        body.put("details", auditDetails);
        return body;
    }

    private static Array longs(Connection connection, List<Long> values) throws SQLException {
        return connection.createArrayOf("bigint", values.toArray());
    }

    private JournalWriter() {}
}
