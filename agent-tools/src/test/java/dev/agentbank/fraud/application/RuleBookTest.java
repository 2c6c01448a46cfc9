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
    void aConfiguredValueReachesItsRule() {
        Scorecard card = RuleBook.scorecard(config("BANK_FRAUD_VELOCITY_MAX_COUNT", "2", "BANK_FRAUD_SPLITTING_THRESHOLD", "200",
                "BANK_FRAUD_RAPID_SHARE_PERCENT", "90", "BANK_FRAUD_HOLD_AT", "95"));

        assertThat(rule(card, VelocityRule.class).maxCount()).isEqualTo(2);
        assertThat(rule(card, SplittingRule.class).band()).isEqualByComparingTo("30");
        assertThat(rule(card, RapidInAndOutRule.class).share()).isEqualByComparingTo("0.90");
        assertThat(card.holdAt()).isEqualTo(95);
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
        assertThat(lines.getFirst()).isEqualTo("velocity 2026-12-v1, score 30: more than 5 outflows or more than 2000.00 out within 60 minutes");
        assertThat(lines).contains(
                "splitting 2026-12-v1, score 30: 3 or more outflows between 85.00 and 100.00 within 24 hours, just under the confirmation threshold",
                "rapid-in-and-out 2026-12-v1, score 40: 80 % or more of a credit of 1000.00 or more out again within 24 hours",
                "fast-confirmation 2026-12-v1, score 25: an outflow confirmed less than 2 seconds after being asked",
                "new-mcp-client 2026-12-v1, score 20: an outflow from an MCP client first seen less than 24 hours before,"
                        + " when the customer used other clients");
    }

    private static <R extends Rule> R rule(Scorecard card, Class<R> type) {
        return card.rules().stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }
}
