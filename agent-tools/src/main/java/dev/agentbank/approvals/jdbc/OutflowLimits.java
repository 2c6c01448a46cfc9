package dev.agentbank.approvals.jdbc;

import dev.agentbank.approvals.model.Approval;
import dev.agentbank.approvals.model.Counterparty;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.approvals.model.UnconfirmedTotals;
import dev.agentbank.approvals.application.OutflowCheck;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * The spending policy as checked inside the posting transaction.
 *
 * <p>The daily total is one upsert that adds the amount only if the sum stays within the limit; the row lock it takes
 * orders concurrent postings by the same principal, so two of them cannot both pass on the same remaining allowance.
 *
 * <p>A movement nobody confirmed also counts against the confirmation threshold over the rolling 24 hours: what the
 * principal moved without a human in total, and to this counterparty. A per-principal transaction lock orders the
 * check, so eight concurrent movements of 99.00 under a 100.00 threshold let exactly one through; the others come
 * back {@link Reason#CONFIRMATION_REQUIRED}, for the caller to ask a human.
 */
public final class OutflowLimits implements OutflowCheck {
    private static final String ADD_OUTFLOW = """
            INSERT INTO daily_outflow (actor, day, currency, total_minor) VALUES (?, ?, ?, ?)
            ON CONFLICT (actor, day, currency) DO UPDATE SET total_minor = daily_outflow.total_minor + EXCLUDED.total_minor
            WHERE daily_outflow.total_minor + EXCLUDED.total_minor <= ?
            RETURNING total_minor""";
    // Two statements in one round trip: the sum runs after the lock is granted, so it sees what the holder committed.
    private static final String LOCK_AND_SUM = """
            SELECT pg_advisory_xact_lock(hashtextextended('unconfirmed-outflow:' || ?, 0));
            SELECT coalesce(sum(total_minor), 0), coalesce(sum(total_minor) FILTER (WHERE counterparty = ?), 0)
            FROM unconfirmed_outflow WHERE actor = ? AND currency = ? AND minute > ?""";
    // Per-minute buckets keep the sum to at most 1,440 rows per principal and currency, however busy it is.
    private static final String ADD_UNCONFIRMED = """
            INSERT INTO unconfirmed_outflow (actor, currency, counterparty, minute, total_minor) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (actor, currency, minute, counterparty)
            DO UPDATE SET total_minor = unconfirmed_outflow.total_minor + EXCLUDED.total_minor""";

    private final SpendingPolicy policy;
    private final Approval approval;
    private final Optional<Counterparty> counterparty;
    private final Clock clock;
    /** The totals that last asked for a human, read by the caller after the posting came back CONFIRMATION_REQUIRED. */
    private volatile UnconfirmedTotals overThreshold;

    public OutflowLimits(SpendingPolicy policy, Approval approval, Clock clock) {
        this(policy, approval, Optional.empty(), clock);
    }

    /** {@code counterparty}: who receives the money (a payee), for the per-counterparty total. */
    public OutflowLimits(SpendingPolicy policy, Approval approval, Optional<Counterparty> counterparty, Clock clock) {
        this.policy = policy;
        this.approval = approval;
        this.counterparty = counterparty;
        this.clock = clock;
    }

    @Override
    public Optional<Rejected> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException {
        Optional<String> tooLarge = policy.perTransactionRefusal(amount);
        if (tooLarge.isPresent()) {
            return tooLarge.map(message -> new Rejected(Reason.LIMIT_EXCEEDED, message));
        }
        if (!outflow) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        // The daily limit first: nobody is asked to confirm what the limit refuses anyway. A refusal rolls back the upsert.
        Optional<String> daily = dailyRefusal(connection, actor, amount, LocalDate.ofInstant(now, ZoneOffset.UTC));
        if (daily.isPresent()) {
            return daily.map(message -> new Rejected(Reason.LIMIT_EXCEEDED, message));
        }
        if (!approval.byHuman()) {
            UnconfirmedTotals totals = unconfirmedTotals(connection, actor, amount, now);
            Optional<String> needsHuman = totals.needsConfirmation(amount);
            if (needsHuman.isPresent()) {
                overThreshold = totals;
                return needsHuman.map(message -> new Rejected(Reason.CONFIRMATION_REQUIRED, message));
            }
            try (PreparedStatement add = connection.prepareStatement(ADD_UNCONFIRMED)) {
                add.setString(1, actor.id());
                add.setString(2, amount.currency().getCurrencyCode());
                add.setString(3, counterparty.map(Counterparty::key).orElse(""));
                add.setObject(4, now.truncatedTo(ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
                add.setLong(5, amount.minorUnits());
                add.executeUpdate();
            }
        }
        return Optional.empty();
    }

    private UnconfirmedTotals unconfirmedTotals(Connection connection, Actor actor, Money amount, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_AND_SUM)) {
            statement.setString(1, actor.id());
            statement.setString(2, counterparty.map(Counterparty::key).orElse(null));
            statement.setString(3, actor.id());
            statement.setString(4, amount.currency().getCurrencyCode());
            // the bucket holding the window's first instant counts whole: a minute too much, never too little
            statement.setObject(5, now.minus(UnconfirmedTotals.WINDOW).truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES)
                    .atOffset(ZoneOffset.UTC));
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new SQLException("the unconfirmed-outflow sum returned no result set");
            }
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                Money toPayee = Money.ofMinor(rows.getLong(2), amount.currency());
                return new UnconfirmedTotals(policy.threshold(), Money.ofMinor(rows.getLong(1), amount.currency()),
                        counterparty.map(payee -> new UnconfirmedTotals.ToCounterparty(payee, toPayee)));
            }
        }
    }

    private Optional<String> dailyRefusal(Connection connection, Actor actor, Money amount, LocalDate today) throws SQLException {
        long limitMinor = SpendingPolicy.minor(policy.dailyOutflowLimit(), amount);
        if (amount.minorUnits() <= limitMinor) {
            try (PreparedStatement add = connection.prepareStatement(ADD_OUTFLOW)) {
                add.setString(1, actor.id());
                add.setDate(2, Date.valueOf(today));
                add.setString(3, amount.currency().getCurrencyCode());
                add.setLong(4, amount.minorUnits());
                add.setLong(5, limitMinor);
                try (ResultSet rows = add.executeQuery()) {
                    if (rows.next()) {
                        return Optional.empty();
                    }
                }
            }
        }
        return policy.dailyRefusal(Money.ofMinor(usedToday(connection, actor, today, amount), amount.currency()), amount);
    }

    static long usedToday(Connection connection, Actor actor, LocalDate today, Money amount) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT total_minor FROM daily_outflow WHERE actor = ? AND day = ? AND currency = ?")) {
            select.setString(1, actor.id());
            select.setDate(2, Date.valueOf(today));
            select.setString(3, amount.currency().getCurrencyCode());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        }
    }

    @Override
    public Optional<UnconfirmedTotals> overThreshold() {
        return Optional.ofNullable(overThreshold);
    }

    @Override
    public Map<String, Object> auditDetails() {
        return approval.auditDetails();
    }
}
