package dev.agentbank.lending.model;

import dev.agentbank.lending.model.RuleResult.Verdict;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Underwriting, rules version {@value #VERSION}: an {@link UnderwritingInput} in, a {@link Decision} out, no I/O.
 * Each rule is a small named value below, with a code and its thresholds; every rule is evaluated and every result
 * recorded, so a decision explains itself and can be replayed.
 *
 * <p><b>Precedence.</b> Any DECLINE wins; otherwise any REFER; otherwise a COUNTER_OFFER; otherwise APPROVED. A decline
 * wins even where a smaller amount might pass: the rules answer the application as made.
 *
 * <p><b>Income</b> counted is the lower of the stated and the verified (ledger) income. Debt-to-income is
 * {@code (housing + other debts + new installment) / income}, compared exactly; it is shown rounded up to one decimal
 * so the figure in a sentence is never on the wrong side of the threshold it is compared with.
 *
 * <p><b>Band.</b> The band sets the rate, the rate sets the installment and the installment sets debt-to-income, so
 * bands are tried best first, each at its own rate: A if the score is at least 720 and debt-to-income at A's rate at
 * most 30 %; else B if at least 650 and at most 38 % at B's rate; else C. The debt-to-income and money-left rules use
 * the installment at the band so found.
 *
 * <p><b>Counter-offer.</b> When the amount is above 6 times the verified monthly income, the counter-offer is that
 * limit rounded down to whole hundreds (and at most the product's maximum); below the product's minimum it is a
 * decline instead. A smaller amount has a smaller installment, so it passes the debt-to-income and money-left rules
 * too; its band is assessed at the amount offered and may be better than the band of the amount asked for.
 *
 * <p><b>Replay.</b> A decision depends only on this version's thresholds, the product's terms and the input. The
 * rates and the minimum used are among the recorded inputs, so a replay against changed product terms shows the change.
 */
public final class UnderwritingRules {
    public static final String VERSION = "2026-12-v1";

    public static final MinimumCreditScore CREDIT_SCORE = new MinimumCreditScore(580);
    public static final MaximumDebtToIncome DEBT_TO_INCOME = new MaximumDebtToIncome(new BigDecimal("43"));
    public static final MinimumMoneyLeft MONEY_LEFT = new MinimumMoneyLeft(new BigDecimal("500.00"));
    public static final MinimumVerifiedIncomeShare VERIFIED_INCOME = new MinimumVerifiedIncomeShare(new BigDecimal("70"));
    public static final MaximumIncomeMultiple INCOME_MULTIPLE = new MaximumIncomeMultiple(6, new BigDecimal("100"));
    public static final MinimumAccountHistory ACCOUNT_HISTORY = new MinimumAccountHistory(90);
    public static final RiskBanding RISK_BAND = new RiskBanding(720, new BigDecimal("30"), 650, new BigDecimal("38"));

    private static final List<Rule> RULES =
            List.of(CREDIT_SCORE, DEBT_TO_INCOME, MONEY_LEFT, VERIFIED_INCOME, INCOME_MULTIPLE, ACCOUNT_HISTORY);
    /** The verdict that decides, strongest first. */
    private static final List<Verdict> PRECEDENCE = List.of(Verdict.DECLINE, Verdict.REFER, Verdict.COUNTER_OFFER);
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final LoanProduct product;

    /** The rules applied to one product, whose rates price the installment and whose minimum bounds a counter-offer. */
    public UnderwritingRules(LoanProduct product) {
        this.product = Objects.requireNonNull(product, "product");
    }

    public String version() {
        return VERSION;
    }

    public LoanProduct product() {
        return product;
    }

    /** The rules that judge an application, in the order their results are recorded; the band follows them. */
    public List<Rule> rules() {
        return RULES;
    }

    /**
     * Decides an application. The amount and term must be ones the product allows ({@link LoanProduct#amountProblem},
     * {@link LoanProduct#termProblem}); an input for another product or outside its range is refused with
     * {@link InvalidRequest}, since no credit decision can be made on it.
     */
    public Decision decide(UnderwritingInput input) {
        requireFits(input);
        Assessment asked = assess(input, input.requestedAmount());
        List<RuleResult> results = new ArrayList<>(RULES.size() + 1);
        for (Rule rule : RULES) {
            results.add(rule.evaluate(asked));
        }
        Verdict deciding = PRECEDENCE.stream()
                .filter(verdict -> results.stream().anyMatch(r -> r.verdict() == verdict))
                .findFirst().orElse(Verdict.PASS);
        return switch (deciding) {
            case DECLINE -> new Decision.Declined(VERSION, input, results);
            case REFER -> {
                results.add(RISK_BAND.evaluate(asked));
                yield new Decision.Referred(VERSION, input, asked.band(), results);
            }
            case COUNTER_OFFER -> {
                Assessment offered = assess(input, INCOME_MULTIPLE.largestAmount(input, product));
                results.add(RISK_BAND.evaluate(offered));
                yield new Decision.CounterOffer(VERSION, input, offered.band(), offered.amount(), results);
            }
            case PASS -> {
                results.add(RISK_BAND.evaluate(asked));
                yield new Decision.Approved(VERSION, input, asked.band(), asked.amount(), results);
            }
        };
    }

    /** The figures for lending {@code amount}: the band, found best first as described above, and what follows from it. */
    private Assessment assess(UnderwritingInput input, Money amount) {
        for (RiskBand band : List.of(RiskBand.A, RiskBand.B)) {
            Assessment at = assessAt(input, amount, band);
            if (RISK_BAND.admits(band, at)) {
                return at;
            }
        }
        return assessAt(input, amount, RiskBand.C);
    }

    private Assessment assessAt(UnderwritingInput input, Money amount, RiskBand band) {
        BigDecimal rate = product.rate(band);
        return new Assessment(input, product, amount, band, rate, RepaymentSchedule.annuityPayment(amount, rate, input.termMonths()));
    }

    private void requireFits(UnderwritingInput input) {
        if (!input.productCode().equals(product.code())) {
            throw new InvalidRequest("these rules decide " + product.code() + " applications, not " + input.productCode() + ".");
        }
        if (!input.currency().equals(product.currency())) {
            throw new InvalidRequest("amounts must be in " + product.currency().getCurrencyCode() + ", got " + input.requestedAmount() + ".");
        }
        product.amountProblem(input.requestedAmount().amount()).or(() -> product.termProblem(input.termMonths()))
                .ifPresent(problem -> {
                    throw new InvalidRequest(problem);
                });
    }

    /**
     * The figures the rules read for one amount at one band.
     *
     * @param installment the regular monthly payment of the new loan at the band's rate
     */
    public record Assessment(UnderwritingInput input, LoanProduct product, Money amount, RiskBand band, BigDecimal ratePercent,
                             Money installment) {
        public Money income() {
            return input.countedIncome();
        }

        /** Housing, other debts and the new installment: what leaves each month. */
        public Money monthlyDebts() {
            return input.monthlyHousingCost().plus(input.monthlyOtherDebtPayments()).plus(installment);
        }

        /** Income less everything that leaves each month; negative when it does not cover it. */
        public Money moneyLeft() {
            return income().minus(monthlyDebts());
        }

        /** Exactly whether debt-to-income is at most {@code percent}; never with no income. */
        public boolean debtToIncomeAtMost(BigDecimal percent) {
            return income().isPositive()
                    && monthlyDebts().amount().multiply(HUNDRED).compareTo(percent.multiply(income().amount())) <= 0;
        }

        /** Debt-to-income for reading: rounded up to one decimal, "47.3 %"; "not defined" with no income. */
        public String debtToIncome() {
            if (!income().isPositive()) {
                return "not defined";
            }
            return monthlyDebts().amount().multiply(HUNDRED).divide(income().amount(), MC).setScale(1, RoundingMode.CEILING)
                    .toPlainString() + " %";
        }
    }

    /** One rule of this version: a code, its thresholds (the record's components) and what it says about an assessment. */
    public sealed interface Rule permits MinimumCreditScore, MaximumDebtToIncome, MinimumMoneyLeft, MinimumVerifiedIncomeShare,
            MaximumIncomeMultiple, MinimumAccountHistory {
        String code();

        RuleResult evaluate(Assessment assessment);
    }

    /** DECLINE below a minimum credit score. */
    public record MinimumCreditScore(int minimum) implements Rule {
        @Override
        public String code() {
            return "CREDIT_SCORE";
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            int score = a.input().creditScore();
            Map<String, String> inputs = inputs("creditScore", score, "minimumScore", minimum);
            return score < minimum
                    ? result(code(), Verdict.DECLINE, "Your credit score of " + score + " is below the minimum of " + minimum + ".", inputs)
                    : result(code(), Verdict.PASS, "Your credit score of " + score + " meets the minimum of " + minimum + ".", inputs);
        }
    }

    /** DECLINE when housing, other debts and the new installment take more than a share of the counted income. */
    public record MaximumDebtToIncome(BigDecimal maximumPercent) implements Rule {
        @Override
        public String code() {
            return "DEBT_TO_INCOME";
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            UnderwritingInput in = a.input();
            Map<String, String> inputs = inputs("statedMonthlyNetIncome", in.statedMonthlyNetIncome(),
                    "verifiedMonthlyIncome", in.verifiedIncome(), "countedIncome", a.income(),
                    "monthlyHousingCost", in.monthlyHousingCost(), "monthlyOtherDebtPayments", in.monthlyOtherDebtPayments(),
                    "band", a.band(), "ratePercent", a.ratePercent().toPlainString(), "newInstallment", a.installment(),
                    "debtToIncome", a.debtToIncome(), "maximumPercent", maximumPercent.toPlainString());
            if (!a.income().isPositive()) {
                return result(code(), Verdict.DECLINE, "We found no monthly income to repay this loan from: the lower of the"
                        + " income you stated and the income paid into your accounts is " + a.income() + ".", inputs);
            }
            String payments = "Your monthly debt payments including this loan, " + a.monthlyDebts() + ", would be "
                    + a.debtToIncome() + " of your monthly income of " + a.income();
            return a.debtToIncomeAtMost(maximumPercent)
                    ? result(code(), Verdict.PASS, payments + ", within the maximum of " + percent(maximumPercent) + ".", inputs)
                    : result(code(), Verdict.DECLINE, payments + " (the lower of the income you stated and the income paid into"
                            + " your accounts); the most we accept is " + percent(maximumPercent) + ".", inputs);
        }
    }

    /** DECLINE when less than a minimum would be left each month after housing, other debts and the new installment. */
    public record MinimumMoneyLeft(BigDecimal minimum) implements Rule {
        @Override
        public String code() {
            return "MONEY_LEFT";
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            Money needed = new Money(minimum, a.amount().currency());
            Money left = a.moneyLeft();
            Map<String, String> inputs = inputs("countedIncome", a.income(), "monthlyHousingCost", a.input().monthlyHousingCost(),
                    "monthlyOtherDebtPayments", a.input().monthlyOtherDebtPayments(), "newInstallment", a.installment(),
                    "moneyLeft", left, "minimumLeft", needed);
            String after = "After housing, other debt payments and this loan's installment of " + a.installment() + ", ";
            if (left.compareTo(needed) >= 0) {
                return result(code(), Verdict.PASS, after + left + " a month would be left, at least the " + needed + " needed.", inputs);
            }
            String shortfall = left.isNegative()
                    ? "your monthly income would fall " + left.negate() + " short"
                    : "you would have " + left + " a month left";
            return result(code(), Verdict.DECLINE, after + shortfall + "; at least " + needed + " must be left.", inputs);
        }
    }

    /** REFER when the income the ledger shows is well below the income stated: an officer should look. */
    public record MinimumVerifiedIncomeShare(BigDecimal minimumPercent) implements Rule {
        @Override
        public String code() {
            return "VERIFIED_INCOME";
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            Money verified = a.input().verifiedIncome();
            Money stated = a.input().statedMonthlyNetIncome();
            Map<String, String> inputs = inputs("statedMonthlyNetIncome", stated, "verifiedMonthlyIncome", verified,
                    "minimumPercent", minimumPercent.toPlainString());
            boolean below = verified.amount().multiply(HUNDRED).compareTo(minimumPercent.multiply(stated.amount())) < 0;
            String paidIn = "The income paid into your accounts, " + verified + " a month, is ";
            return below
                    ? result(code(), Verdict.REFER, paidIn + "below " + percent(minimumPercent) + " of the " + stated
                            + " you stated, so a loan officer will review the application.", inputs)
                    : result(code(), Verdict.PASS, paidIn + "at least " + percent(minimumPercent) + " of the " + stated
                            + " you stated.", inputs);
        }
    }

    /**
     * COUNTER_OFFER when the amount is above a multiple of the verified monthly income: the largest amount within it,
     * rounded down to a step; DECLINE when that is below the product's minimum.
     */
    public record MaximumIncomeMultiple(int multiple, BigDecimal step) implements Rule {
        @Override
        public String code() {
            return "INCOME_MULTIPLE";
        }

        /** The multiple of the verified income. */
        public Money limit(UnderwritingInput input) {
            return new Money(input.verifiedMonthlyIncome().multiply(BigDecimal.valueOf(multiple)), input.currency());
        }

        /** The largest amount this rule allows: the limit rounded down to the step, at most the product's maximum. */
        public Money largestAmount(UnderwritingInput input, LoanProduct product) {
            BigDecimal steps = limit(input).amount().divide(step, 0, RoundingMode.DOWN);
            Money largest = new Money(steps.multiply(step), input.currency());
            return largest.isGreaterThan(product.max()) ? product.max() : largest;
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            UnderwritingInput in = a.input();
            Money asked = in.requestedAmount();
            Money limit = limit(in);
            Money largest = largestAmount(in, a.product());
            Map<String, String> inputs = inputs("requestedAmount", asked, "verifiedMonthlyIncome", in.verifiedIncome(),
                    "multiple", multiple, "limit", limit, "roundedDownTo", step.toPlainString(), "largestAmount", largest,
                    "productMinimum", a.product().min());
            String times = multiple + " times the " + in.verifiedIncome() + " paid into your accounts each month";
            String rounded = "rounded down to a multiple of " + step.stripTrailingZeros().toPlainString();
            if (!asked.isGreaterThan(limit)) {
                return result(code(), Verdict.PASS, "The " + asked + " asked for is within " + times + " (" + limit + ").", inputs);
            }
            if (largest.compareTo(a.product().min()) < 0) {
                return result(code(), Verdict.DECLINE, "The most we can lend is " + times + ", " + rounded + ": " + largest
                        + ", below this loan's minimum of " + a.product().min() + ".", inputs);
            }
            return result(code(), Verdict.COUNTER_OFFER, "The " + asked + " asked for is more than " + times + " (" + limit
                    + "); the most we can offer, " + rounded + ", is " + largest + ".", inputs);
        }
    }

    /** REFER when the customer's oldest account is too young to judge automatically. */
    public record MinimumAccountHistory(int minimumDays) implements Rule {
        @Override
        public String code() {
            return "ACCOUNT_HISTORY";
        }

        @Override
        public RuleResult evaluate(Assessment a) {
            int days = a.input().oldestAccountAgeDays();
            Map<String, String> inputs = inputs("oldestAccountAgeDays", days, "minimumDays", minimumDays);
            return days < minimumDays
                    ? result(code(), Verdict.REFER, "Your oldest account is " + days + " days old, less than the " + minimumDays
                            + " days of history we need to decide automatically, so a loan officer will review the application.", inputs)
                    : result(code(), Verdict.PASS, "Your oldest account is " + days + " days old, at least the " + minimumDays
                            + " days needed.", inputs);
        }
    }

    /** The band: A and B each need a minimum score and a maximum debt-to-income at their own rate; C is the rest. */
    public record RiskBanding(int minimumScoreA, BigDecimal maximumPercentA, int minimumScoreB, BigDecimal maximumPercentB) {
        public String code() {
            return "RISK_BAND";
        }

        /** Whether an assessment at A's or B's rate meets that band's conditions; C admits everyone. */
        public boolean admits(RiskBand band, Assessment at) {
            return switch (band) {
                case A -> at.input().creditScore() >= minimumScoreA && at.debtToIncomeAtMost(maximumPercentA);
                case B -> at.input().creditScore() >= minimumScoreB && at.debtToIncomeAtMost(maximumPercentB);
                case C -> true;
            };
        }

        /** Records the band found for an amount, and why, as a passed result. */
        public RuleResult evaluate(Assessment a) {
            int score = a.input().creditScore();
            Map<String, String> inputs = inputs("amount", a.amount(), "creditScore", score, "band", a.band(),
                    "ratePercent", a.ratePercent().toPlainString(), "newInstallment", a.installment(),
                    "debtToIncome", a.debtToIncome(), "minimumScoreA", minimumScoreA, "maximumPercentA", maximumPercentA.toPlainString(),
                    "minimumScoreB", minimumScoreB, "maximumPercentB", maximumPercentB.toPlainString());
            String band = "Risk band " + a.band() + " at " + a.ratePercent().toPlainString() + " % for " + a.amount() + ": ";
            String needsA = "band A needs a credit score of at least " + minimumScoreA + " and debt-to-income of at most "
                    + percent(maximumPercentA);
            String sentence = switch (a.band()) {
                case A -> band + "credit score " + score + " is at least " + minimumScoreA + " and debt-to-income "
                        + a.debtToIncome() + " is at most " + percent(maximumPercentA) + ".";
                case B -> band + needsA + "; this application has " + score + " and " + a.debtToIncome() + " at band B's rate.";
                case C -> band + needsA + ", band B at least " + minimumScoreB + " and at most " + percent(maximumPercentB)
                        + "; this application has " + score + " and " + a.debtToIncome() + " at band C's rate.";
            };
            return result(code(), Verdict.PASS, sentence, inputs);
        }
    }

    private static RuleResult result(String code, Verdict verdict, String sentence, Map<String, String> inputs) {
        return new RuleResult(code, VERSION, verdict, sentence, inputs);
    }

    /** Name-value pairs as text: money as "120.00 EUR", numbers plain, so stored results compare exactly. */
    private static Map<String, String> inputs(Object... namesAndValues) {
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            inputs.put((String) namesAndValues[i], String.valueOf(namesAndValues[i + 1]));
        }
        return inputs;
    }

    private static String percent(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString() + " %";
    }
}
