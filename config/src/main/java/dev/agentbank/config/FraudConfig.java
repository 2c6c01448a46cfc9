package dev.agentbank.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Fraud monitoring's thresholds: the scores at which a movement raises an alert or a payment is held, and each rule's
 * own parameters. Every rule adds its {@code score} (BANK_FRAUD_<RULE>_SCORE, 1 to 100) when it fires; the sum is
 * compared with the two thresholds. Defaults equal each rule's {@code defaults()}.
 *
 * @param alertAt BANK_FRAUD_ALERT_AT: from this total a movement raises an alert for an analyst
 * @param holdAt  BANK_FRAUD_HOLD_AT: from this total an outgoing payment is held before its money leaves
 */
public record FraudConfig(int alertAt, int holdAt, Velocity velocity, AmountAnomaly amountAnomaly, NewPayeeLargePayment newPayeeLargePayment,
                          Splitting splitting, DormantAccount dormantAccount, RapidInAndOut rapidInAndOut, RoundAmount roundAmount,
                          DeclinedThenConfirmed declinedThenConfirmed, PayeeAddedAndPaidInSession payeeAddedAndPaidInSession,
                          FastConfirmation fastConfirmation, NewClient newClient) {
    public static final int DEFAULT_ALERT_AT = 40;
    public static final int DEFAULT_HOLD_AT = 70;
    private static final int MAX_TOTAL = 1000;
    private static final int MAX_SCORE = 100;
    private static final int DAY_MINUTES = 24 * 60;
    private static final int YEAR_HOURS = 365 * 24;

    public FraudConfig {
        if (alertAt < 1 || holdAt < alertAt) {
            throw new ConfigException("BANK_FRAUD_HOLD_AT (" + holdAt + ") must be at least BANK_FRAUD_ALERT_AT (" + alertAt
                    + "), and both at least 1");
        }
    }

    public static FraudConfig from(Settings settings) {
        // splitting watches amounts kept just under the confirmation threshold, so by default it follows that threshold
        BigDecimal confirmationThreshold = settings.positiveDecimal("BANK_APPROVAL_THRESHOLD", ApprovalConfig.DEFAULT_THRESHOLD);
        return new FraudConfig(
                settings.integer("BANK_FRAUD_ALERT_AT", DEFAULT_ALERT_AT, 1, MAX_TOTAL),
                settings.integer("BANK_FRAUD_HOLD_AT", DEFAULT_HOLD_AT, 1, MAX_TOTAL),
                new Velocity(minutes(settings, "BANK_FRAUD_VELOCITY_WINDOW_MINUTES", 60, DAY_MINUTES),
                        settings.integer("BANK_FRAUD_VELOCITY_MAX_COUNT", 5, 1, 10_000),
                        amount(settings, "BANK_FRAUD_VELOCITY_MAX_TOTAL", "2000.00"),
                        score(settings, "BANK_FRAUD_VELOCITY_SCORE", 30)),
                new AmountAnomaly(bounded(settings, "BANK_FRAUD_ANOMALY_SIGMAS", "4", new BigDecimal("100")),
                        settings.integer("BANK_FRAUD_ANOMALY_MIN_HISTORY", 10, 2, 10_000),
                        score(settings, "BANK_FRAUD_ANOMALY_SCORE", 35)),
                new NewPayeeLargePayment(hours(settings, "BANK_FRAUD_NEW_PAYEE_WITHIN_HOURS", 24, YEAR_HOURS),
                        amount(settings, "BANK_FRAUD_NEW_PAYEE_LARGE_AMOUNT", "300.00"),
                        score(settings, "BANK_FRAUD_NEW_PAYEE_SCORE", 40)),
                new Splitting(amount(settings, "BANK_FRAUD_SPLITTING_THRESHOLD", confirmationThreshold.toPlainString()),
                        settings.integer("BANK_FRAUD_SPLITTING_BAND_PERCENT", 15, 1, 99),
                        hours(settings, "BANK_FRAUD_SPLITTING_WINDOW_HOURS", 24, YEAR_HOURS),
                        settings.integer("BANK_FRAUD_SPLITTING_MIN_COUNT", 3, 2, 10_000),
                        score(settings, "BANK_FRAUD_SPLITTING_SCORE", 40)),
                new DormantAccount(Duration.ofDays(settings.integer("BANK_FRAUD_DORMANT_DAYS", 90, 1, 3650)),
                        score(settings, "BANK_FRAUD_DORMANT_SCORE", 30)),
                new RapidInAndOut(amount(settings, "BANK_FRAUD_RAPID_CREDIT_AT_LEAST", "1000.00"),
                        settings.integer("BANK_FRAUD_RAPID_SHARE_PERCENT", 80, 1, 100),
                        hours(settings, "BANK_FRAUD_RAPID_WINDOW_HOURS", 24, YEAR_HOURS),
                        score(settings, "BANK_FRAUD_RAPID_SCORE", 40)),
                new RoundAmount(amount(settings, "BANK_FRAUD_ROUND_MULTIPLE_OF", "100"),
                        amount(settings, "BANK_FRAUD_ROUND_AT_LEAST", "500.00"),
                        score(settings, "BANK_FRAUD_ROUND_SCORE", 10)),
                new DeclinedThenConfirmed(hours(settings, "BANK_FRAUD_DECLINED_WINDOW_HOURS", 24, YEAR_HOURS),
                        settings.integer("BANK_FRAUD_DECLINED_MIN_REFUSALS", 2, 1, 1000),
                        score(settings, "BANK_FRAUD_DECLINED_SCORE", 30)),
                new PayeeAddedAndPaidInSession(score(settings, "BANK_FRAUD_PAYEE_IN_SESSION_SCORE", 25)),
                new FastConfirmation(Duration.ofMillis(settings.integer("BANK_FRAUD_FAST_CONFIRMATION_MILLIS", 2000, 1, 60_000)),
                        score(settings, "BANK_FRAUD_FAST_CONFIRMATION_SCORE", 25)),
                new NewClient(hours(settings, "BANK_FRAUD_NEW_CLIENT_WINDOW_HOURS", 24, YEAR_HOURS),
                        score(settings, "BANK_FRAUD_NEW_CLIENT_SCORE", 20)));
    }

    /** BANK_FRAUD_VELOCITY_*: more than {@code maxCount} outflows, or more than {@code maxTotal} out, within {@code window}. */
    public record Velocity(Duration window, int maxCount, BigDecimal maxTotal, int score) {}

    /** BANK_FRAUD_ANOMALY_*: an outflow above mean + {@code sigmas} σ, once there are {@code minimumHistory} outflows. */
    public record AmountAnomaly(BigDecimal sigmas, int minimumHistory, int score) {}

    /** BANK_FRAUD_NEW_PAYEE_*: {@code largeAmount} or more to a payee added less than {@code payeeYoungerThan} before. */
    public record NewPayeeLargePayment(Duration payeeYoungerThan, BigDecimal largeAmount, int score) {}

    /**
     * BANK_FRAUD_SPLITTING_*: {@code minCount} outflows within {@code window}, each from {@code bandPercent} % below
     * {@code threshold} up to it. The threshold defaults to BANK_APPROVAL_THRESHOLD.
     */
    public record Splitting(BigDecimal threshold, int bandPercent, Duration window, int minCount, int score) {}

    /** BANK_FRAUD_DORMANT_*: an outflow after {@code quietFor} without any movement. */
    public record DormantAccount(Duration quietFor, int score) {}

    /** BANK_FRAUD_RAPID_*: {@code sharePercent} % of a credit of {@code creditAtLeast} or more out again within {@code window}. */
    public record RapidInAndOut(BigDecimal creditAtLeast, int sharePercent, Duration window, int score) {}

    /** BANK_FRAUD_ROUND_*: an outflow of {@code atLeast} or more that is a multiple of {@code multipleOf}. */
    public record RoundAmount(BigDecimal multipleOf, BigDecimal atLeast, int score) {}

    /** BANK_FRAUD_DECLINED_*: a confirmed outflow after {@code minRefusals} declined or expired confirmations within {@code window}. */
    public record DeclinedThenConfirmed(Duration window, int minRefusals, int score) {}

    /** BANK_FRAUD_PAYEE_IN_SESSION_SCORE: a payment to a payee added in the same agent session. */
    public record PayeeAddedAndPaidInSession(int score) {}

    /** BANK_FRAUD_FAST_CONFIRMATION_*: a confirmation answered sooner than {@code minimumReadingTime}. */
    public record FastConfirmation(Duration minimumReadingTime, int score) {}

    /** BANK_FRAUD_NEW_CLIENT_*: an outflow from an MCP client first seen less than {@code window} before, when others were known. */
    public record NewClient(Duration window, int score) {}

    private static int score(Settings settings, String name, int defaultValue) {
        return settings.integer(name, defaultValue, 1, MAX_SCORE);
    }

    private static Duration minutes(Settings settings, String name, int defaultValue, int max) {
        return Duration.ofMinutes(settings.integer(name, defaultValue, 1, max));
    }

    private static Duration hours(Settings settings, String name, int defaultValue, int max) {
        return Duration.ofHours(settings.integer(name, defaultValue, 1, max));
    }

    /** An amount, in the account's currency, that the ledger could hold: at most its upper bound, at most 4 decimals. */
    private static BigDecimal amount(Settings settings, String name, String defaultValue) {
        return bounded(settings, name, defaultValue, LedgerConfig.UPPER_BOUND);
    }

    private static BigDecimal bounded(Settings settings, String name, String defaultValue, BigDecimal max) {
        BigDecimal value = settings.positiveDecimal(name, new BigDecimal(defaultValue));
        if (value.compareTo(max) > 0 || value.stripTrailingZeros().scale() > 4) {
            throw new ConfigException(name + " must be at most " + max.toPlainString() + " with at most 4 decimals, got '"
                    + value.toPlainString() + "'");
        }
        return value;
    }
}
