package dev.agentbank.approvals.jdbc;

import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.config.ApprovalConfig;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Spending policies: the configured defaults, overridden per principal by operators. */
public final class SpendingPolicies {
    private final Jdbc jdbc;
    private final ApprovalConfig defaults;
    private final Clock clock;

    public SpendingPolicies(DataSource dataSource, ApprovalConfig defaults, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.defaults = defaults;
        this.clock = clock;
    }

    public SpendingPolicy of(Principal principal) {
        return jdbc.query("read the spending policy", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT approval_threshold, per_transaction_max, daily_outflow_limit FROM spending_policy WHERE principal = ?")) {
                select.setString(1, principal.encoded());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? merged(rows.getBigDecimal(1), rows.getBigDecimal(2), rows.getBigDecimal(3))
                            : merged(null, null, null);
                }
            }
        });
    }

    /** Sets the given overrides for one principal; absent values keep their current setting. */
    public SpendingPolicy set(Principal principal, Optional<BigDecimal> threshold, Optional<BigDecimal> perTransactionMax,
                              Optional<BigDecimal> dailyOutflowLimit) {
        SpendingPolicy current = of(principal);
        new SpendingPolicy(threshold.orElse(current.threshold()), perTransactionMax.orElse(current.perTransactionMax()),
                dailyOutflowLimit.orElse(current.dailyOutflowLimit())); // validates the result before anything is stored
        jdbc.run("store the spending policy", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO spending_policy (principal, approval_threshold, per_transaction_max, daily_outflow_limit, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (principal) DO UPDATE SET
                      approval_threshold = COALESCE(EXCLUDED.approval_threshold, spending_policy.approval_threshold),
                      per_transaction_max = COALESCE(EXCLUDED.per_transaction_max, spending_policy.per_transaction_max),
                      daily_outflow_limit = COALESCE(EXCLUDED.daily_outflow_limit, spending_policy.daily_outflow_limit),
                      updated_at = EXCLUDED.updated_at""")) {
                upsert.setString(1, principal.encoded());
                upsert.setBigDecimal(2, threshold.orElse(null));
                upsert.setBigDecimal(3, perTransactionMax.orElse(null));
                upsert.setBigDecimal(4, dailyOutflowLimit.orElse(null));
                upsert.setTimestamp(5, Timestamp.from(clock.instant()));
                upsert.executeUpdate();
            }
        });
        return of(principal);
    }

    /** What the principal moved out of accounts today (UTC) in {@code currency}, as the daily limit counts it. */
    public Money usedToday(Principal principal, java.util.Currency currency) {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        Money like = Money.zero(currency);
        return Money.ofMinor(jdbc.query("read today's outflow", connection ->
                OutflowLimits.usedToday(connection, principal.actor(), today, like)), currency);
    }

    /** Forgets movements without a human that left the 24-hour window before {@code before}; the rows deleted. */
    public int forgetUnconfirmedOutflowBefore(Instant before) {
        return jdbc.update("forget old unconfirmed outflow", "DELETE FROM unconfirmed_outflow WHERE minute < ?",
                before.atOffset(java.time.ZoneOffset.UTC));
    }

    /** Every override, by principal. */
    public Map<String, SpendingPolicy> overrides() {
        return jdbc.query("read spending policies", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT principal, approval_threshold, per_transaction_max, daily_outflow_limit FROM spending_policy ORDER BY principal");
                 ResultSet rows = select.executeQuery()) {
                Map<String, SpendingPolicy> result = new LinkedHashMap<>();
                while (rows.next()) {
                    result.put(rows.getString(1), merged(rows.getBigDecimal(2), rows.getBigDecimal(3), rows.getBigDecimal(4)));
                }
                return result;
            }
        });
    }

    public ApprovalConfig defaults() {
        return defaults;
    }

    /**
     * Overrides over the defaults. A stored threshold above a maximum lowered since is capped at it: above the
     * maximum nothing moves anyway, so the cap changes nothing but keeps the policy consistent.
     */
    private SpendingPolicy merged(BigDecimal threshold, BigDecimal perTransactionMax, BigDecimal dailyOutflowLimit) {
        BigDecimal max = or(perTransactionMax, defaults.perTransactionMax());
        return new SpendingPolicy(or(threshold, defaults.threshold()).min(max), max, or(dailyOutflowLimit, defaults.dailyOutflowLimit()));
    }

    private static BigDecimal or(BigDecimal value, BigDecimal fallback) {
        return value == null ? fallback : value;
    }
}
