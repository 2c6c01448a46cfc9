package dev.agentbank.approvals.jdbc;

import dev.agentbank.approvals.model.Approval;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * The spending policy as checked inside the posting transaction. The daily total is one upsert that adds the
 * amount only if the sum stays within the limit; the row lock it takes orders concurrent postings by the
 * same principal, so two of them cannot both pass on the same remaining allowance.
 */
public final class OutflowLimits implements PostingConditions {
    private static final String ADD_OUTFLOW = """
            INSERT INTO daily_outflow (actor, day, currency, total_minor) VALUES (?, ?, ?, ?)
            ON CONFLICT (actor, day, currency) DO UPDATE SET total_minor = daily_outflow.total_minor + EXCLUDED.total_minor
            WHERE daily_outflow.total_minor + EXCLUDED.total_minor <= ?
            RETURNING total_minor""";

    private final SpendingPolicy policy;
    private final Approval approval;
    private final Clock clock;

    public OutflowLimits(SpendingPolicy policy, Approval approval, Clock clock) {
        this.policy = policy;
        this.approval = approval;
        this.clock = clock;
    }

    @Override
    public Optional<String> refusal(Connection connection, Actor actor, Money amount, boolean outflow) throws SQLException {
        Optional<String> tooLarge = policy.perTransactionRefusal(amount);
        if (tooLarge.isPresent() || !outflow) {
            return tooLarge;
        }
        long limitMinor = SpendingPolicy.minor(policy.dailyOutflowLimit(), amount);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
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
        Money used = Money.ofMinor(usedToday(connection, actor, today, amount), amount.currency());
        BigDecimal remaining = policy.dailyOutflowLimit().subtract(used.amount()).max(BigDecimal.ZERO);
        return Optional.of("Daily outflow limit reached: the limit is " + SpendingPolicy.format(policy.dailyOutflowLimit(), amount)
                + " per day and " + SpendingPolicy.format(remaining, amount) + " remains today, less than the "
                + SpendingPolicy.format(amount.amount(), amount) + " requested. Nothing was posted.");
    }

    private static long usedToday(Connection connection, Actor actor, LocalDate today, Money amount) throws SQLException {
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
    public Map<String, Object> auditDetails() {
        return approval.auditDetails();
    }
}
