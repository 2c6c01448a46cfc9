package dev.agentbank.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Default spending policy for every principal; operators override it per principal with {@code ./bank limits set}.
 * Amounts apply in the currency of the account being debited or credited.
 *
 * @param threshold          BANK_APPROVAL_THRESHOLD: above this a human must confirm (at exactly this, no)
 * @param perTransactionMax  BANK_MAX_PER_TRANSACTION: no single movement above this, confirmed or not
 * @param dailyOutflowLimit  BANK_DAILY_OUTFLOW_LIMIT: money a principal may move out of accounts per UTC day
 * @param pendingLifetime    BANK_APPROVAL_TTL_MINUTES: how long an approval request waits before it expires
 * @param newPayeeCap        BANK_NEW_PAYEE_CAP: the most that may be paid to a payee in its first 24 hours, confirmed or not
 */
public record ApprovalConfig(BigDecimal threshold, BigDecimal perTransactionMax, BigDecimal dailyOutflowLimit,
                             Duration pendingLifetime, BigDecimal newPayeeCap) {
    public static final BigDecimal DEFAULT_THRESHOLD = new BigDecimal("100.00");
    public static final BigDecimal DEFAULT_PER_TRANSACTION_MAX = new BigDecimal("10000.00");
    public static final BigDecimal DEFAULT_DAILY_OUTFLOW_LIMIT = new BigDecimal("5000.00");
    public static final BigDecimal DEFAULT_NEW_PAYEE_CAP = new BigDecimal("500.00");

    public ApprovalConfig {
        if (threshold.compareTo(perTransactionMax) > 0) {
            throw new ConfigException("BANK_APPROVAL_THRESHOLD must not be above BANK_MAX_PER_TRANSACTION");
        }
        if (perTransactionMax.compareTo(LedgerConfig.UPPER_BOUND) > 0 || dailyOutflowLimit.compareTo(LedgerConfig.UPPER_BOUND) > 0) {
            throw new ConfigException("BANK_MAX_PER_TRANSACTION and BANK_DAILY_OUTFLOW_LIMIT must be at most "
                    + LedgerConfig.UPPER_BOUND.toPlainString());
        }
        if (threshold.stripTrailingZeros().scale() > 4 || perTransactionMax.stripTrailingZeros().scale() > 4
                || dailyOutflowLimit.stripTrailingZeros().scale() > 4) {
            throw new ConfigException("BANK_APPROVAL_THRESHOLD, BANK_MAX_PER_TRANSACTION and BANK_DAILY_OUTFLOW_LIMIT "
                    + "have at most 4 decimals");
        }
        if (newPayeeCap.compareTo(LedgerConfig.UPPER_BOUND) > 0 || newPayeeCap.stripTrailingZeros().scale() > 4) {
            throw new ConfigException("BANK_NEW_PAYEE_CAP must be at most " + LedgerConfig.UPPER_BOUND.toPlainString()
                    + " with at most 4 decimals");
        }
    }

    public static ApprovalConfig from(Settings settings) {
        return new ApprovalConfig(
                settings.positiveDecimal("BANK_APPROVAL_THRESHOLD", DEFAULT_THRESHOLD),
                settings.positiveDecimal("BANK_MAX_PER_TRANSACTION", DEFAULT_PER_TRANSACTION_MAX),
                settings.positiveDecimal("BANK_DAILY_OUTFLOW_LIMIT", DEFAULT_DAILY_OUTFLOW_LIMIT),
                Duration.ofMinutes(settings.integer("BANK_APPROVAL_TTL_MINUTES", 15, 1, 7 * 24 * 60)),
                settings.positiveDecimal("BANK_NEW_PAYEE_CAP", DEFAULT_NEW_PAYEE_CAP));
    }
}
