package dev.agentbank.fraud.application;

import dev.agentbank.fraud.model.AmountAnomalyRule;
import dev.agentbank.fraud.model.DormantAccountRule;
import dev.agentbank.fraud.model.NewPayeeLargePaymentRule;
import dev.agentbank.fraud.model.RapidInAndOutRule;
import dev.agentbank.fraud.model.RoundAmountRule;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.SplittingRule;
import dev.agentbank.fraud.model.VelocityRule;
import java.util.List;

/** TODO(issue 13, this session): replaced by the configured RuleBook. */
public final class FraudRules {
    private FraudRules() {}

    public static Scorecard defaults() {
        return new Scorecard(List.of(VelocityRule.defaults(), AmountAnomalyRule.defaults(), NewPayeeLargePaymentRule.defaults(),
                SplittingRule.defaults(new java.math.BigDecimal("100.00")), DormantAccountRule.defaults(), RapidInAndOutRule.defaults(), RoundAmountRule.defaults()), 40, 70);
    }
}
