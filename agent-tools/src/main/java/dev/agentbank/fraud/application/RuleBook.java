package dev.agentbank.fraud.application;

import dev.agentbank.config.FraudConfig;
import dev.agentbank.fraud.model.AmountAnomalyRule;
import dev.agentbank.fraud.model.DeclinedThenConfirmedRule;
import dev.agentbank.fraud.model.DormantAccountRule;
import dev.agentbank.fraud.model.FastConfirmationRule;
import dev.agentbank.fraud.model.NewClientRule;
import dev.agentbank.fraud.model.NewPayeeLargePaymentRule;
import dev.agentbank.fraud.model.PayeeAddedAndPaidInSessionRule;
import dev.agentbank.fraud.model.RapidInAndOutRule;
import dev.agentbank.fraud.model.RoundAmountRule;
import dev.agentbank.fraud.model.Rule;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.SplittingRule;
import dev.agentbank.fraud.model.VelocityRule;
import dev.agentbank.fraud.model.Words;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** The bank's eleven rules with the operator's thresholds, and the same rules in words for docs and case notes. */
public final class RuleBook {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private RuleBook() {}

    public static Scorecard scorecard(FraudConfig config) {
        FraudConfig.Velocity velocity = config.velocity();
        FraudConfig.AmountAnomaly anomaly = config.amountAnomaly();
        FraudConfig.NewPayeeLargePayment newPayee = config.newPayeeLargePayment();
        FraudConfig.Splitting splitting = config.splitting();
        FraudConfig.RapidInAndOut rapid = config.rapidInAndOut();
        FraudConfig.RoundAmount round = config.roundAmount();
        FraudConfig.DeclinedThenConfirmed declined = config.declinedThenConfirmed();
        // the band is a share of the threshold, cut to the threshold's decimals, as SplittingRule.defaults computes it
        BigDecimal band = splitting.threshold().multiply(BigDecimal.valueOf(splitting.bandPercent())).divide(HUNDRED)
                .setScale(splitting.threshold().scale(), RoundingMode.DOWN);
        List<Rule> rules = List.of(
                new VelocityRule(velocity.window(), velocity.maxCount(), velocity.maxTotal(), velocity.score()),
                new AmountAnomalyRule(anomaly.sigmas(), anomaly.minimumHistory(), anomaly.score()),
                new NewPayeeLargePaymentRule(newPayee.payeeYoungerThan(), newPayee.largeAmount(), newPayee.score()),
                new SplittingRule(splitting.threshold(), band, splitting.window(), splitting.minCount(), splitting.score()),
                new DormantAccountRule(config.dormantAccount().quietFor(), config.dormantAccount().score()),
                new RapidInAndOutRule(rapid.creditAtLeast(), BigDecimal.valueOf(rapid.sharePercent()).movePointLeft(2), rapid.window(),
                        rapid.score()),
                new RoundAmountRule(round.multipleOf(), round.atLeast(), round.score()),
                new DeclinedThenConfirmedRule(declined.window(), declined.minRefusals(), declined.score()),
                new PayeeAddedAndPaidInSessionRule(config.payeeAddedAndPaidInSession().score()),
                new FastConfirmationRule(config.fastConfirmation().minimumReadingTime(), config.fastConfirmation().score()),
                new NewClientRule(config.newClient().window(), config.newClient().score()));
        return new Scorecard(rules, config.alertAt(), config.holdAt());
    }

    /** One line per rule: "velocity 2026-12-v1, score 30: more than 5 outflows, or several adding up to more than 2000.00, within 60 minutes". */
    public static List<String> describe(Scorecard scorecard) {
        return scorecard.rules().stream().map(rule -> rule.id() + " " + rule.version() + ", " + inWords(rule)).toList();
    }

    private static String inWords(Rule rule) {
        return switch (rule) {
            case VelocityRule r -> "score " + r.score() + ": more than " + r.maxCount() + " outflows, or several adding up to more than "
                    + plain(r.maxTotal()) + ", within " + Words.duration(r.window());
            case AmountAnomalyRule r -> "score " + r.score() + ": an outflow above the mean + " + stripped(r.deviations())
                    + "σ of the account's outflows over 90 days, once it has " + r.minimumHistory() + " of them";
            case NewPayeeLargePaymentRule r -> "score " + r.score() + ": a payment of " + plain(r.atLeast())
                    + " or more to a payee added less than " + Words.duration(r.payeeYoungerThan()) + " before";
            case SplittingRule r -> "score " + r.score() + ": " + r.atLeast() + " or more outflows between "
                    + plain(r.threshold().subtract(r.band())) + " and " + plain(r.threshold()) + " within " + Words.duration(r.window())
                    + ", just under the confirmation threshold";
            case DormantAccountRule r -> "score " + r.score() + ": an outflow after " + Words.duration(r.quietFor())
                    + " without any movement";
            case RapidInAndOutRule r -> "score " + r.score() + ": " + stripped(r.share().movePointRight(2)) + " % or more of a credit of "
                    + plain(r.creditAtLeast()) + " or more out again within " + Words.duration(r.window());
            case RoundAmountRule r -> "score " + r.score() + ": an outflow of " + plain(r.atLeast()) + " or more that is a multiple of "
                    + plain(r.multipleOf());
            case DeclinedThenConfirmedRule r -> "score " + r.score() + ": a confirmed outflow after " + r.minRefusals()
                    + " or more declined or expired confirmations within " + Words.duration(r.window());
            case PayeeAddedAndPaidInSessionRule r -> "score " + r.score() + ": a payment to a payee added in the same agent session";
            case FastConfirmationRule r -> "score " + r.score() + ": an outflow confirmed less than "
                    + Words.seconds(r.minimumReadingTime()) + " seconds after being asked";
            case NewClientRule r -> "score " + r.score() + ": an outflow from an MCP client first seen less than "
                    + Words.duration(r.window()) + " before, when the customer used other clients";
            default -> "(no description in the rule book)";
        };
    }

    /** Amounts as configured ("2000.00"). */
    private static String plain(BigDecimal value) {
        return value.toPlainString();
    }

    /** Factors and percentages without trailing zeros ("4", "80"). */
    private static String stripped(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
