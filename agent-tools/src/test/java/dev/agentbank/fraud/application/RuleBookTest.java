package dev.agentbank.fraud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.config.ApprovalConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.FraudConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.fraud.model.AccountActivity;
import dev.agentbank.fraud.model.AmountAnomalyRule;
import dev.agentbank.fraud.model.DeclinedThenConfirmedRule;
import dev.agentbank.fraud.model.DormantAccountRule;
import dev.agentbank.fraud.model.FastConfirmationRule;
import dev.agentbank.fraud.model.Movement;
import dev.agentbank.fraud.model.Movement.Direction;
import dev.agentbank.fraud.model.NewClientRule;
import dev.agentbank.fraud.model.NewPayeeLargePaymentRule;
import dev.agentbank.fraud.model.PayeeAddedAndPaidInSessionRule;
import dev.agentbank.fraud.model.RapidInAndOutRule;
import dev.agentbank.fraud.model.RoundAmountRule;
import dev.agentbank.fraud.model.Rule;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.SplittingRule;
import dev.agentbank.fraud.model.VelocityRule;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleBookTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static FraudConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return FraudConfig.from(Settings.of(values));
    }

    @Test
    void theDefaultsAreTheElevenRulesOwnDefaultsAlertingAtFortyAndHoldingAtSeventy() {
        Scorecard card = RuleBook.scorecard(config());

        assertThat(card.alertAt()).isEqualTo(40);
        assertThat(card.holdAt()).isEqualTo(70);
        assertThat(card.rules()).containsExactly(VelocityRule.defaults(), AmountAnomalyRule.defaults(), NewPayeeLargePaymentRule.defaults(),
                SplittingRule.defaults(ApprovalConfig.DEFAULT_THRESHOLD), DormantAccountRule.defaults(), RapidInAndOutRule.defaults(),
                RoundAmountRule.defaults(), DeclinedThenConfirmedRule.defaults(), PayeeAddedAndPaidInSessionRule.defaults(),
                FastConfirmationRule.defaults(), NewClientRule.defaults());
        assertThat(card.rules()).extracting(Rule::id).doesNotHaveDuplicates();
    }

    @Test
    void everyConfiguredValueReachesItsRule() {
        Scorecard card = RuleBook.scorecard(config("BANK_FRAUD_ALERT_AT", "45", "BANK_FRAUD_HOLD_AT", "95",
                "BANK_FRAUD_VELOCITY_WINDOW_MINUTES", "15", "BANK_FRAUD_VELOCITY_MAX_COUNT", "2", "BANK_FRAUD_VELOCITY_MAX_TOTAL", "900.00",
                "BANK_FRAUD_VELOCITY_SCORE", "31",
                "BANK_FRAUD_ANOMALY_SIGMAS", "3.5", "BANK_FRAUD_ANOMALY_MIN_HISTORY", "20", "BANK_FRAUD_ANOMALY_SCORE", "32",
                "BANK_FRAUD_NEW_PAYEE_WITHIN_HOURS", "48", "BANK_FRAUD_NEW_PAYEE_LARGE_AMOUNT", "150.00", "BANK_FRAUD_NEW_PAYEE_SCORE", "33",
                "BANK_FRAUD_SPLITTING_THRESHOLD", "200.00", "BANK_FRAUD_SPLITTING_BAND_PERCENT", "10", "BANK_FRAUD_SPLITTING_WINDOW_HOURS", "12",
                "BANK_FRAUD_SPLITTING_MIN_COUNT", "4", "BANK_FRAUD_SPLITTING_SCORE", "34",
                "BANK_FRAUD_DORMANT_DAYS", "30", "BANK_FRAUD_DORMANT_SCORE", "35",
                "BANK_FRAUD_RAPID_CREDIT_AT_LEAST", "500.00", "BANK_FRAUD_RAPID_SHARE_PERCENT", "90", "BANK_FRAUD_RAPID_WINDOW_HOURS", "6",
                "BANK_FRAUD_RAPID_SCORE", "36",
                "BANK_FRAUD_ROUND_MULTIPLE_OF", "50", "BANK_FRAUD_ROUND_AT_LEAST", "250.00", "BANK_FRAUD_ROUND_SCORE", "37",
                "BANK_FRAUD_DECLINED_WINDOW_HOURS", "2", "BANK_FRAUD_DECLINED_MIN_REFUSALS", "3", "BANK_FRAUD_DECLINED_SCORE", "38",
                "BANK_FRAUD_PAYEE_IN_SESSION_SCORE", "39",
                "BANK_FRAUD_FAST_CONFIRMATION_MILLIS", "1500", "BANK_FRAUD_FAST_CONFIRMATION_SCORE", "41",
                "BANK_FRAUD_NEW_CLIENT_WINDOW_HOURS", "72", "BANK_FRAUD_NEW_CLIENT_SCORE", "42"));

        assertThat(card.alertAt()).isEqualTo(45);
        assertThat(card.holdAt()).isEqualTo(95);
        assertThat(card.rules()).containsExactly(
                new VelocityRule(Duration.ofMinutes(15), 2, new BigDecimal("900.00"), 31),
                new AmountAnomalyRule(new BigDecimal("3.5"), 20, 32),
                new NewPayeeLargePaymentRule(Duration.ofHours(48), new BigDecimal("150.00"), 33),
                new SplittingRule(new BigDecimal("200.00"), new BigDecimal("20.00"), Duration.ofHours(12), 4, 34),
                new DormantAccountRule(Duration.ofDays(30), 35),
                new RapidInAndOutRule(new BigDecimal("500.00"), new BigDecimal("0.90"), Duration.ofHours(6), 36),
                new RoundAmountRule(new BigDecimal("50"), new BigDecimal("250.00"), 37),
                new DeclinedThenConfirmedRule(Duration.ofHours(2), 3, 38),
                new PayeeAddedAndPaidInSessionRule(39),
                new FastConfirmationRule(Duration.ofMillis(1500), 41),
                new NewClientRule(Duration.ofHours(72), 42));
    }

    @Test
    void aBadValueStopsStartUpNamingTheVariable() {
        assertThatThrownBy(() -> RuleBook.scorecard(config("BANK_FRAUD_DECLINED_MIN_REFUSALS", "-2")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_FRAUD_DECLINED_MIN_REFUSALS must be a whole number");
        assertThatThrownBy(() -> RuleBook.scorecard(config("BANK_FRAUD_HOLD_AT", "30")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_FRAUD_HOLD_AT").hasMessageContaining("BANK_FRAUD_ALERT_AT");
    }

    /** A weak signal alone (a round amount) never alerts; a strong one (a large payment to a new payee) does. */
    @Test
    void theDefaultScoresAlertOnAStrongSignalAndHoldOnlyOnSeveral() {
        Scorecard card = RuleBook.scorecard(config());

        Movement round = new Movement(1, NOW, "AB0000000195", Direction.OUT, Money.of("500.00", "EUR"), Optional.empty(), Optional.empty());
        assertThat(card.judge(round, new AccountActivity(List.of())).action()).isEqualTo(Scorecard.Action.NONE);
        Movement toNewPayee = new Movement(2, NOW, "AB0000000195", Direction.OUT, Money.of("480.00", "EUR"), Optional.of("PY-7K3M9QX2B4TD"),
                Optional.of(Duration.ofMinutes(5)));
        assertThat(card.judge(toNewPayee, new AccountActivity(List.of())).action()).isEqualTo(Scorecard.Action.ALERT);
        Movement roundToNewPayee = new Movement(3, NOW, "AB0000000195", Direction.OUT, Money.of("800.00", "EUR"),
                Optional.of("PY-7K3M9QX2B4TD"), Optional.of(Duration.ofMinutes(5)));
        assertThat(card.judge(roundToNewPayee, new AccountActivity(List.of())).score()).isEqualTo(50);
    }

    @Test
    void describesEachRuleOnOneLineWithItsThresholds() {
        List<String> lines = RuleBook.describe(RuleBook.scorecard(config()));

        assertThat(lines).hasSize(11).allSatisfy(line -> assertThat(line).contains(" 2026-12-v1, score ").doesNotContain("\n"));
        assertThat(lines.getFirst()).isEqualTo("velocity 2026-12-v1, score 30: more than 5 outflows, or several adding up to more than 2000.00, within 60 minutes");
        assertThat(lines).contains(
                "splitting 2026-12-v1, score 40: 3 or more outflows between 85.00 and 100.00 within 24 hours, just under the confirmation threshold",
                "rapid-in-and-out 2026-12-v1, score 40: 80 % or more of a credit of 1000.00 or more out again within 24 hours",
                "fast-confirmation 2026-12-v1, score 25: an outflow confirmed less than 2 seconds after being asked",
                "new-mcp-client 2026-12-v1, score 20: an outflow from an MCP client first seen less than 24 hours before,"
                        + " when the customer used other clients");
    }
}
