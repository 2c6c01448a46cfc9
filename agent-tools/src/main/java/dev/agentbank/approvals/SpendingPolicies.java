package dev.agentbank.approvals;

import dev.agentbank.config.ApprovalConfig;
import dev.agentbank.security.Principal;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Spending policies: the configured defaults, overridden per principal by operators. */
public final class SpendingPolicies {
    private final DataSource dataSource;
    private final ApprovalConfig defaults;
    private final Clock clock;

    public SpendingPolicies(DataSource dataSource, ApprovalConfig defaults, Clock clock) {
        this.dataSource = dataSource;
        this.defaults = defaults;
        this.clock = clock;
    }

    public SpendingPolicy of(Principal principal) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT approval_threshold, per_transaction_max, daily_outflow_limit FROM spending_policy WHERE principal = ?")) {
            select.setString(1, principal.encoded());
            try (ResultSet rows = select.executeQuery()) {
                SpendingPolicy policy = rows.next()
                        ? new SpendingPolicy(or(rows.getBigDecimal(1), defaults.threshold()),
                                or(rows.getBigDecimal(2), defaults.perTransactionMax()),
                                or(rows.getBigDecimal(3), defaults.dailyOutflowLimit()))
                        : new SpendingPolicy(defaults.threshold(), defaults.perTransactionMax(), defaults.dailyOutflowLimit());
                connection.commit();
                return policy;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the spending policy", e);
        }
    }

    /** Sets the given overrides for one principal; absent values keep their current setting. */
    public SpendingPolicy set(Principal principal, Optional<BigDecimal> threshold, Optional<BigDecimal> perTransactionMax,
                              Optional<BigDecimal> dailyOutflowLimit) {
        for (BigDecimal value : new BigDecimal[] {threshold.orElse(null), perTransactionMax.orElse(null), dailyOutflowLimit.orElse(null)}) {
            if (value != null && (value.signum() <= 0 || value.compareTo(new BigDecimal("1000000000000")) > 0)) {
                throw new IllegalArgumentException("limits must be positive and at most 1000000000000");
            }
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement("""
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
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store the spending policy", e);
        }
        return of(principal);
    }

    /** Every override, by principal. */
    public Map<String, SpendingPolicy> overrides() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT principal, approval_threshold, per_transaction_max, daily_outflow_limit FROM spending_policy ORDER BY principal");
             ResultSet rows = select.executeQuery()) {
            Map<String, SpendingPolicy> result = new LinkedHashMap<>();
            while (rows.next()) {
                result.put(rows.getString(1), new SpendingPolicy(or(rows.getBigDecimal(2), defaults.threshold()),
                        or(rows.getBigDecimal(3), defaults.perTransactionMax()), or(rows.getBigDecimal(4), defaults.dailyOutflowLimit())));
            }
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read spending policies", e);
        }
    }

    public ApprovalConfig defaults() {
        return defaults;
    }

    private static BigDecimal or(BigDecimal value, BigDecimal fallback) {
        return value == null ? fallback : value;
    }
}
