package dev.agentbank.fraud.jdbc;

import dev.agentbank.fraud.model.Channel;
import dev.agentbank.fraud.model.ChannelActivity;
import dev.agentbank.fraud.model.Movement;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fraud's own projection of the event stream: movements per account and the agent-channel signals per customer. */
public final class Activity {
    private static final String MOVEMENT_COLUMNS = """
            event_id, account, customer_id, at, outflow, amount_minor, currency, description, counterparty, payee_id,
            payee_added_at, transaction_id, payment_id, transport, client, session, proposed_by_model, confirmed_through,
            confirmed_in_ms""";
    private static final String INSERT_MOVEMENT = "INSERT INTO fraud_movement (" + MOVEMENT_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String HISTORIES = "(SELECT DISTINCT ON (account) " + MOVEMENT_COLUMNS + " FROM fraud_movement"
            + " WHERE account = ANY (?) AND at < ? ORDER BY account, at DESC, event_id DESC)"
            + " UNION ALL (SELECT " + MOVEMENT_COLUMNS + " FROM fraud_movement WHERE account = ANY (?) AND at >= ?)"
            + " ORDER BY at, event_id";
    private static final String CHANNELS = """
            SELECT customer_id, at, kind, outcome, session, payee_id, client FROM fraud_signal
            WHERE customer_id = ANY (?) AND (at >= ? OR kind = 'client_seen') ORDER BY at, event_id""";
    private static final String RECENT = "SELECT " + MOVEMENT_COLUMNS + " FROM fraud_movement"
            + " WHERE account = ? ORDER BY at DESC, event_id DESC LIMIT ?";
    private static final String SINCE = "SELECT " + MOVEMENT_COLUMNS + " FROM fraud_movement"
            + " WHERE at >= ? ORDER BY at, event_id, account";
    private static final String INSERT_SIGNAL = """
            INSERT INTO fraud_signal (event_id, customer_id, at, kind, outcome, session, payee_id, client)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    /** How far back the rules look. */
    public static final Duration SPAN = Duration.ofDays(90);

    /** Writes the movements in one batch. */
    public void insertAll(Connection connection, List<Observed> observed) throws SQLException {
        if (observed.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_MOVEMENT)) {
            for (Observed one : observed) {
                bind(statement, one);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    private static void bind(PreparedStatement statement, Observed observed) throws SQLException {
        Movement m = observed.movement();
        Channel channel = m.channel();
        int i = 1;
        statement.setLong(i++, m.eventId());
        statement.setString(i++, m.account());
        statement.setLong(i++, observed.customerId());
        statement.setObject(i++, time(m.at()));
        statement.setBoolean(i++, m.isOut());
        statement.setLong(i++, m.amount().minorUnits());
        statement.setString(i++, m.amount().currency().getCurrencyCode());
        statement.setString(i++, observed.description());
        statement.setString(i++, m.counterparty().orElse(null));
        statement.setString(i++, m.payeeId().orElse(null));
        statement.setObject(i++, m.payeeAge().map(age -> time(m.at().minus(age))).orElse(null));
        statement.setObject(i++, observed.transactionId().orElse(null), java.sql.Types.BIGINT);
        statement.setString(i++, observed.paymentId().orElse(null));
        statement.setString(i++, channel.transport());
        statement.setString(i++, channel.client());
        statement.setString(i++, channel.session());
        statement.setBoolean(i++, channel.proposedByModel());
        statement.setString(i++, channel.confirmation().map(Channel.Confirmation::method).orElse(null));
        statement.setObject(i, channel.confirmation().map(c -> c.answeredIn().toMillis()).orElse(null), java.sql.Types.BIGINT);
    }

    /**
     * The movements of these accounts from {@code from} on, and each account's last one before it: what a batch of
     * the monitor judges against, in one query.
     */
    public Map<String, List<Movement>> histories(Connection connection, java.util.Collection<String> accounts, Instant from)
            throws SQLException {
        Map<String, List<Movement>> byAccount = new java.util.HashMap<>();
        if (accounts.isEmpty()) {
            return byAccount;
        }
        try (PreparedStatement statement = connection.prepareStatement(HISTORIES)) {
            java.sql.Array names = connection.createArrayOf("text", accounts.toArray());
            statement.setArray(1, names);
            statement.setObject(2, time(from));
            statement.setArray(3, names);
            statement.setObject(4, time(from));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Movement movement = read(rs).movement();
                    byAccount.computeIfAbsent(movement.account(), a -> new ArrayList<>()).add(movement);
                }
            }
        }
        return byAccount;
    }

    /** The account's latest movements, newest first. */
    public List<Observed> recent(Connection connection, String account, int limit) throws SQLException {
        List<Observed> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(RECENT)) {
            statement.setString(1, account);
            statement.setInt(2, limit);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        }
        return rows;
    }

    /** Whether a movement of this posted transaction reached fraud's projection. */
    public boolean knows(Connection connection, long transactionId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM fraud_movement WHERE transaction_id = ? LIMIT 1")) {
            statement.setLong(1, transactionId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every account's movements from {@code since} on, oldest first. */
    public List<Observed> since(Connection connection, Instant since) throws SQLException {
        List<Observed> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(SINCE)) {
            statement.setObject(1, time(since));
            statement.setFetchSize(1000); // a month of a busy bank: read it in slices, not in one reply
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
        }
        return rows;
    }

    /** One agent-channel fact: a decision, a payee added, a client first used. */
    public record Signal(long eventId, long customerId, Instant at, String kind, String outcome, String session, String payeeId,
                         String client) {
        public static Signal decision(long eventId, long customerId, Instant at, ChannelActivity.Outcome outcome, String session) {
            return new Signal(eventId, customerId, at, "decision", outcome.name(), session, null, null);
        }

        public static Signal payeeAdded(long eventId, long customerId, Instant at, String payeeId, String session) {
            return new Signal(eventId, customerId, at, "payee_added", null, session, payeeId, null);
        }

        public static Signal clientSeen(long eventId, long customerId, Instant at, String client) {
            return new Signal(eventId, customerId, at, "client_seen", null, "none", null, client);
        }
    }

    public void insertSignals(Connection connection, List<Signal> signals) throws SQLException {
        if (signals.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(INSERT_SIGNAL)) {
            for (Signal signal : signals) {
                statement.setLong(1, signal.eventId());
                statement.setLong(2, signal.customerId());
                statement.setObject(3, time(signal.at()));
                statement.setString(4, signal.kind());
                statement.setString(5, signal.outcome());
                statement.setString(6, signal.session());
                statement.setString(7, signal.payeeId());
                statement.setString(8, signal.client());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** These customers' channel activity from {@code from} on, and every client's first use, in one query. */
    public Map<Long, ChannelActivity> channels(Connection connection, java.util.Collection<Long> customers, Instant from)
            throws SQLException {
        Map<Long, ChannelActivity> byCustomer = new java.util.HashMap<>();
        if (customers.isEmpty()) {
            return byCustomer;
        }
        Map<Long, List<ChannelActivity.Decision>> decisions = new java.util.HashMap<>();
        Map<Long, List<ChannelActivity.PayeeAdded>> payees = new java.util.HashMap<>();
        Map<Long, List<ChannelActivity.ClientSeen>> clients = new java.util.HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(CHANNELS)) {
            statement.setArray(1, connection.createArrayOf("bigint", customers.toArray()));
            statement.setObject(2, time(from));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    long customer = rs.getLong(1);
                    Instant when = rs.getObject(2, OffsetDateTime.class).toInstant();
                    switch (rs.getString(3)) {
                        case "decision" -> decisions.computeIfAbsent(customer, c -> new ArrayList<>()).add(new ChannelActivity.Decision(
                                when, ChannelActivity.Outcome.valueOf(rs.getString(4)), rs.getString(5)));
                        case "payee_added" -> payees.computeIfAbsent(customer, c -> new ArrayList<>())
                                .add(new ChannelActivity.PayeeAdded(when, rs.getString(6), rs.getString(5)));
                        case "client_seen" -> clients.computeIfAbsent(customer, c -> new ArrayList<>())
                                .add(new ChannelActivity.ClientSeen(when, rs.getString(7)));
                        default -> throw new SQLException("unknown fraud signal " + rs.getString(3));
                    }
                }
            }
        }
        for (Long customer : customers) {
            byCustomer.put(customer, new ChannelActivity(decisions.getOrDefault(customer, List.of()),
                    payees.getOrDefault(customer, List.of()), clients.getOrDefault(customer, List.of())));
        }
        return byCustomer;
    }

    private static Observed read(ResultSet rs) throws SQLException {
        Instant at = rs.getObject("at", OffsetDateTime.class).toInstant();
        Money amount = Money.ofMinor(rs.getLong("amount_minor"), Currency.getInstance(rs.getString("currency")));
        OffsetDateTime payeeAdded = rs.getObject("payee_added_at", OffsetDateTime.class);
        long confirmedMs = rs.getLong("confirmed_in_ms");
        boolean confirmed = !rs.wasNull() && rs.getString("confirmed_through") != null;
        Channel channel = new Channel(rs.getString("transport"), rs.getString("client"), rs.getString("session"),
                rs.getBoolean("proposed_by_model"), confirmed
                ? Optional.of(new Channel.Confirmation(rs.getString("confirmed_through"), Duration.ofMillis(confirmedMs)))
                : Optional.empty());
        Movement movement = new Movement(rs.getLong("event_id"), at, rs.getString("account"),
                rs.getBoolean("outflow") ? Movement.Direction.OUT : Movement.Direction.IN, amount,
                Optional.ofNullable(rs.getString("counterparty")),
                Optional.ofNullable(payeeAdded).map(added -> Duration.between(added.toInstant(), at)),
                Optional.ofNullable(rs.getString("payee_id")), channel);
        long transaction = rs.getLong("transaction_id");
        Optional<Long> transactionId = rs.wasNull() ? Optional.empty() : Optional.of(transaction);
        return new Observed(movement, rs.getLong("customer_id"), rs.getString("description"), transactionId,
                Optional.ofNullable(rs.getString("payment_id")));
    }

    static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

}
