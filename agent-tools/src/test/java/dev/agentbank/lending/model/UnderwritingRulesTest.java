package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.lending.model.Decision.Outcome;
import dev.agentbank.lending.model.RuleResult.Verdict;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * Installments quoted here are the annuity payments checked in RepaymentScheduleTest's way (a separate Decimal script):
 * 10,000.00 over 36 months is 308.31 at 6.90 %, 322.20 at 9.90 % and 346.16 at 14.90 %; 2,000.00 over 24 months at
 * 6.90 % is 89.45; 15,000.00 over 60 months at 6.90 % is 296.31; over 84 months 225.66 at 6.90 % and 248.24 at 9.90 %;
 * 12,000.00 over 84 months at 6.90 % is 180.53.
 */
class UnderwritingRulesTest {
    private final UnderwritingRules rules = new UnderwritingRules(LoanProduct.personalLoan());

    @Test
    void approvesInBandAWhenEveryRulePasses() {
        // income 3900.00 (the lower), debts 700.00 + 100.00 + 308.31 = 1108.31: 28.4 %, left 2791.69
        Decision decision = rules.decide(applicant().build());

        assertThat(decision).isEqualTo(new Decision.Approved("2026-12-v1", applicant().build(), RiskBand.A, eur("10000.00"),
                decision.results()));
        assertThat(decision.outcome()).isEqualTo(Outcome.APPROVED);
        assertThat(decision.reasons()).isEmpty();
        assertThat(decision.results()).extracting(RuleResult::code).containsExactly("CREDIT_SCORE", "DEBT_TO_INCOME",
                "MONEY_LEFT", "VERIFIED_INCOME", "INCOME_MULTIPLE", "ACCOUNT_HISTORY", "RISK_BAND");
        assertThat(decision.results()).allSatisfy(r -> {
            assertThat(r.passed()).isTrue();
            assertThat(r.version()).isEqualTo("2026-12-v1");
        });
        assertThat(result(decision, "DEBT_TO_INCOME").inputs()).containsEntry("countedIncome", "3900.00 EUR")
                .containsEntry("newInstallment", "308.31 EUR").containsEntry("ratePercent", "6.90")
                .containsEntry("debtToIncome", "28.5 %").containsEntry("maximumPercent", "43");
        assertThat(result(decision, "RISK_BAND").sentence()).isEqualTo(
                "Risk band A at 6.90 % for 10000.00 EUR: credit score 760 is at least 720 and debt-to-income 28.5 % is at most 30 %.");
    }

    @Test
    void declinesACreditScoreBelowTheMinimum() {
        Decision decision = rules.decide(applicant().score(540).build());

        assertThat(decision).isInstanceOf(Decision.Declined.class);
        assertThat(decision.reasons()).containsExactly("Your credit score of 540 is below the minimum of 580.");
        assertThat(result(decision, "CREDIT_SCORE").inputs()).containsEntry("creditScore", "540").containsEntry("minimumScore", "580");
        assertThat(rules.decide(applicant().score(580).build()).outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void declinesWhenDebtsIncludingTheNewInstallmentTakeMoreThan43PercentOfIncome() {
        // 3000.00 income; 800.00 + 300.00 + the band C installment 346.16 = 1446.16, 48.2053 % shown rounded up as 48.3 %
        Decision decision = rules.decide(applicant().stated("3000.00").verified("3000.00").housing("800.00").otherDebts("300.00").build());

        assertThat(decision.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(decision.reasons()).containsExactly("Your monthly debt payments including this loan, 1446.16 EUR, would be 48.3 %"
                + " of your monthly income of 3000.00 EUR (the lower of the income you stated and the income paid into your"
                + " accounts); the most we accept is 43 %.");
    }

    @Test
    void countsTheLowerOfStatedAndVerifiedIncome() {
        // Stated 6000.00 would give 1446.16 / 6000 = 24.1 %, but only 3000.00 arrives... which is also below 70 % of it.
        Decision decision = rules.decide(applicant().stated("6000.00").verified("3000.00").housing("800.00").otherDebts("300.00").build());

        assertThat(decision.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result(decision, "DEBT_TO_INCOME").inputs()).containsEntry("countedIncome", "3000.00 EUR");
        assertThat(result(decision, "VERIFIED_INCOME").verdict()).isEqualTo(Verdict.REFER);
    }

    @Test
    void declinesWhenLessThan500WouldBeLeftEachMonth() {
        // 650.00 income, 100.00 housing, 2000.00 over 24 months at band A 89.45: 29.2 % is fine, but 460.55 is left
        Decision decision = rules.decide(applicant().stated("650.00").verified("650.00").housing("100.00").otherDebts("0.00")
                .amount("2000.00").term(24).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(decision.reasons()).containsExactly("After housing, other debt payments and this loan's installment of 89.45 EUR,"
                + " you would have 460.55 EUR a month left; at least 500.00 EUR must be left.");
        assertThat(result(decision, "DEBT_TO_INCOME").passed()).isTrue();
    }

    @Test
    void refersWhenVerifiedIncomeIsBelow70PercentOfStated() {
        // 3400.00 is 68 % of 5000.00; counted 3400.00, debts at A 1108.31 (32.6 %) miss A, at B 1122.20 (33.1 %) make B
        Decision decision = rules.decide(applicant().stated("5000.00").verified("3400.00").build());

        assertThat(decision).isInstanceOf(Decision.Referred.class);
        assertThat(((Decision.Referred) decision).band()).isEqualTo(RiskBand.B);
        assertThat(decision.reasons()).containsExactly("The income paid into your accounts, 3400.00 EUR a month, is below 70 % of"
                + " the 5000.00 EUR you stated, so a loan officer will review the application.");
        assertThat(rules.decide(applicant().stated("5000.00").verified("3500.00").build()).outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void refersWhenTheOldestAccountIsYoungerThan90Days() {
        Decision decision = rules.decide(applicant().oldestAccountDays(45).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.REFERRED);
        assertThat(decision.reasons()).containsExactly("Your oldest account is 45 days old, less than the 90 days of history we"
                + " need to decide automatically, so a loan officer will review the application.");
        assertThat(rules.decide(applicant().oldestAccountDays(90).build()).outcome()).isEqualTo(Outcome.APPROVED);
    }

    @Test
    void counterOffersSixTimesVerifiedIncomeRoundedDownToWholeHundreds() {
        // 6 x 2050.50 = 12303.00 -> 12300.00
        UnderwritingInput input = applicant().stated("2100.00").verified("2050.50").housing("300.00").otherDebts("0.00")
                .amount("15000.00").term(60).build();

        Decision decision = rules.decide(input);

        assertThat(decision).isEqualTo(new Decision.CounterOffer("2026-12-v1", input, RiskBand.A, eur("12300.00"), decision.results()));
        assertThat(decision.reasons()).containsExactly("The 15000.00 EUR asked for is more than 6 times the 2050.50 EUR paid into"
                + " your accounts each month (12303.00 EUR); the most we can offer, rounded down to a multiple of 100, is 12300.00 EUR.");
        assertThat(result(decision, "INCOME_MULTIPLE").inputs()).containsEntry("largestAmount", "12300.00 EUR")
                .containsEntry("requestedAmount", "15000.00 EUR");
    }

    @Test
    void pricesACounterOfferAtTheAmountOffered() {
        // 15000.00 over 84 months: at A 400.00 + 225.66 = 31.3 % misses A, at B 648.24 = 32.5 % makes B.
        // The counter-offer 12000.00: at A 580.53 = 29.1 % makes A.
        UnderwritingInput input = applicant().stated("2000.00").verified("2000.00").housing("400.00").otherDebts("0.00")
                .amount("15000.00").term(84).build();

        Decision decision = rules.decide(input);

        assertThat(decision).isInstanceOf(Decision.CounterOffer.class);
        Decision.CounterOffer counter = (Decision.CounterOffer) decision;
        assertThat(counter.amount()).isEqualTo(eur("12000.00"));
        assertThat(counter.band()).isEqualTo(RiskBand.A);
        assertThat(result(decision, "DEBT_TO_INCOME").inputs()).containsEntry("band", "B");
        assertThat(result(decision, "RISK_BAND").inputs()).containsEntry("amount", "12000.00 EUR").containsEntry("band", "A");
    }

    @Test
    void declinesInsteadOfCounterOfferingBelowTheProductMinimum() {
        // 6 x 160.00 = 960.00 -> 900.00, below 1000.00
        Decision decision = rules.decide(applicant().stated("160.00").verified("160.00").housing("0.00").otherDebts("0.00")
                .amount("1500.00").term(12).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result(decision, "INCOME_MULTIPLE").verdict()).isEqualTo(Verdict.DECLINE);
        assertThat(decision.reasons()).contains("The most we can lend is 6 times the 160.00 EUR paid into your accounts each month,"
                + " rounded down to a multiple of 100: 900.00 EUR, below this loan's minimum of 1000.00 EUR.");
    }

    @Test
    void bandsByScoreAndDebtToIncomeAtTheBandsOwnRate() {
        // housing 1091.69 + other 100.00 + A's 308.31 = 1500.00, exactly 30 % of 5000.00
        assertThat(band(atThirtyPercent().score(720).build())).isEqualTo(RiskBand.A);
        assertThat(band(atThirtyPercent().score(719).build())).isEqualTo(RiskBand.B);
        assertThat(band(atThirtyPercent().score(720).housing("1091.70").build())).isEqualTo(RiskBand.B);
        assertThat(band(atThirtyPercent().score(650).build())).isEqualTo(RiskBand.B);
        assertThat(band(atThirtyPercent().score(649).build())).isEqualTo(RiskBand.C);
        // score 700 but at B's rate 800.00 + 322.20 = 1122.20 of 2900.00 is 38.7 %: C
        assertThat(band(applicant().score(700).stated("2900.00").verified("2900.00").build())).isEqualTo(RiskBand.C);
    }

    @Test
    void explainsBandsBAndCByWhatTheBetterBandNeeds() {
        Decision b = rules.decide(applicant().score(700).build());
        Decision c = rules.decide(applicant().score(600).build());

        assertThat(result(b, "RISK_BAND").sentence()).isEqualTo("Risk band B at 9.90 % for 10000.00 EUR: band A needs a credit"
                + " score of at least 720 and debt-to-income of at most 30 %; this application has 700 and 28.8 % at band B's rate.");
        assertThat(result(c, "RISK_BAND").sentence()).isEqualTo("Risk band C at 14.90 % for 10000.00 EUR: band A needs a credit"
                + " score of at least 720 and debt-to-income of at most 30 %, band B at least 650 and at most 38 %; this"
                + " application has 600 and 29.4 % at band C's rate.");
    }

    @Test
    void aDeclineWinsOverAReferralAndACounterOffer() {
        // score 540 declines; verified 2000.00 is below 70 % of stated 4000.00 and 6 x 2000.00 = 12000.00 < 15000.00
        Decision decision = rules.decide(applicant().score(540).verified("2000.00").housing("0.00").otherDebts("0.00")
                .amount("15000.00").term(84).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(decision.results()).extracting(RuleResult::verdict)
                .contains(Verdict.DECLINE, Verdict.REFER, Verdict.COUNTER_OFFER);
        assertThat(decision.reasons()).containsExactly("Your credit score of 540 is below the minimum of 580.");
    }

    @Test
    void aReferralWinsOverACounterOffer() {
        Decision decision = rules.decide(applicant().verified("2000.00").housing("0.00").otherDebts("0.00")
                .amount("15000.00").term(84).build());

        assertThat(decision.outcome()).isEqualTo(Outcome.REFERRED);
        assertThat(result(decision, "INCOME_MULTIPLE").verdict()).isEqualTo(Verdict.COUNTER_OFFER);
        assertThat(decision.reasons()).singleElement().asString().startsWith("The income paid into your accounts, 2000.00 EUR");
    }

    @Test
    void givesEveryDeclineReasonInPlainWords() {
        // 300.00 income against 400.00 housing and band C's 90.21 for 1000.00 over 12 months (490.21, 163.4033 %)
        // fails three rules at once.
        Decision decision = rules.decide(applicant().score(560).stated("300.00").verified("300.00").housing("400.00").otherDebts("0.00")
                .amount("1000.00").term(12).build());

        assertThat(decision.reasons()).containsExactly(
                "Your credit score of 560 is below the minimum of 580.",
                "Your monthly debt payments including this loan, 490.21 EUR, would be 163.5 % of your monthly income of 300.00 EUR"
                        + " (the lower of the income you stated and the income paid into your accounts); the most we accept is 43 %.",
                "After housing, other debt payments and this loan's installment of 90.21 EUR, your monthly income would fall"
                        + " 190.21 EUR short; at least 500.00 EUR must be left.");
        assertThat(decision.reasons()).allSatisfy(reason -> assertThat(reason)
                .matches("[A-Z].*\\.").doesNotContain("_").doesNotContain("DTI").doesNotContain("null"));
    }

    @Test
    void declinesWhenThereIsNoIncomeToRepayFrom() {
        Decision decision = rules.decide(applicant().verified("0").build());

        assertThat(decision.reasons()).contains("We found no monthly income to repay this loan from: the lower of the income you"
                + " stated and the income paid into your accounts is 0.00 EUR.");
    }

    @Test
    void replaysToAnEqualDecision() {
        UnderwritingInput input = applicant().stated("2000.00").verified("2000.00").housing("400.00").otherDebts("0.00")
                .amount("15000.00").term(84).build();

        Decision first = rules.decide(input);
        Decision replayed = new UnderwritingRules(LoanProduct.personalLoan()).decide(first.input());

        assertThat(replayed).isEqualTo(first);
        assertThat(replayed.rulesVersion()).isEqualTo(UnderwritingRules.VERSION);
    }

    @Test
    void refusesInputItCannotDecide() {
        assertThatThrownBy(() -> applicant().score(900).build())
                .isInstanceOf(InvalidRequest.class).hasMessage("creditScore must be from 300 to 850, got 900.");
        assertThatThrownBy(() -> rules.decide(applicant().amount("60000.00").build()))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be from 1000.00 to 50000.00 EUR.");
        assertThatThrownBy(() -> rules.decide(applicant().product("car-loan").build()))
                .isInstanceOf(InvalidRequest.class).hasMessage("these rules decide personal-loan applications, not car-loan.");
    }

    @Property
    void decidesTheSameWayTwiceAndGivesReasonsForEveryDecline(
            @ForAll @IntRange(min = 300, max = 850) int score,
            @ForAll @LongRange(min = 0, max = 1_000_000) long statedCents,
            @ForAll @LongRange(min = 0, max = 1_000_000) long verifiedCents,
            @ForAll @LongRange(min = 0, max = 300_000) long housingCents,
            @ForAll @LongRange(min = 0, max = 200_000) long otherCents,
            @ForAll @LongRange(min = 100_000, max = 5_000_000) long amountCents,
            @ForAll @IntRange(min = 6, max = 84) int term,
            @ForAll @IntRange(min = 0, max = 5000) int oldestDays) {
        UnderwritingInput input = applicant().score(score).stated(cents(statedCents)).verified(cents(verifiedCents))
                .housing(cents(housingCents)).otherDebts(cents(otherCents)).amount(cents(amountCents)).term(term)
                .oldestAccountDays(oldestDays).build();

        Decision decision = rules.decide(input);

        assertThat(rules.decide(input)).isEqualTo(decision);
        assertThat(decision.results()).extracting(RuleResult::version).containsOnly(UnderwritingRules.VERSION);
        assertThat(decision.reasons().isEmpty()).isEqualTo(decision.outcome() == Outcome.APPROVED);
    }

    @Property
    void counterOffersAnAmountThatPassesEveryRuleOnItsOwn(
            @ForAll @IntRange(min = 580, max = 850) int score,
            @ForAll @LongRange(min = 200_000, max = 1_000_000) long statedCents,
            @ForAll @IntRange(min = 70, max = 120) int verifiedPercent,
            @ForAll @IntRange(min = 0, max = 20) int housingPercent,
            @ForAll @IntRange(min = 0, max = 5) int otherPercent,
            @ForAll @IntRange(min = 20, max = 120) int tenthsOfVerifiedIncome,
            @ForAll @IntRange(min = 48, max = 84) int term) {
        // Incomes near what was stated, modest debts, long terms and amounts of 2 to 12 times the verified income, so
        // that many requests end in a counter-offer (the coverage check below keeps it so).
        long verifiedCents = statedCents * verifiedPercent / 100;
        long amountCents = Math.clamp(verifiedCents * tenthsOfVerifiedIncome / 10, 100_000, 5_000_000);
        UnderwritingInput input = applicant().score(score).stated(cents(statedCents)).verified(cents(verifiedCents))
                .housing(cents(statedCents * housingPercent / 100)).otherDebts(cents(statedCents * otherPercent / 100))
                .amount(cents(amountCents)).term(term).build();

        Decision decision = rules.decide(input);
        Statistics.label("outcome").collect(decision.outcome());
        Statistics.label("outcome").coverage(coverage -> coverage.check(Outcome.COUNTER_OFFER).percentage(p -> p >= 10));

        if (decision instanceof Decision.CounterOffer counter) {
            assertThat(counter.amount()).isLessThan(input.requestedAmount());
            assertThat(counter.amount().amount().remainder(new BigDecimal("100"))).isZero();
            assertThat(counter.amount().amount()).isLessThanOrEqualTo(input.verifiedMonthlyIncome().multiply(BigDecimal.valueOf(6)));
            Decision accepted = rules.decide(input.withRequestedAmount(counter.amount()));
            assertThat(accepted).isInstanceOf(Decision.Approved.class);
            assertThat(((Decision.Approved) accepted).band()).isEqualTo(counter.band());
            assertThat(((Decision.Approved) accepted).amount()).isEqualTo(counter.amount());
        }
    }

    private static Builder atThirtyPercent() {
        return applicant().stated("5000.00").verified("5000.00").housing("1091.69").otherDebts("100.00");
    }

    private RiskBand band(UnderwritingInput input) {
        return switch (rules.decide(input)) {
            case Decision.Approved approved -> approved.band();
            case Decision.CounterOffer counter -> counter.band();
            case Decision.Referred referred -> referred.band();
            case Decision.Declined declined -> throw new AssertionError("declined: " + declined.reasons());
        };
    }

    private static RuleResult result(Decision decision, String code) {
        List<RuleResult> matching = decision.results().stream().filter(r -> r.code().equals(code)).toList();
        assertThat(matching).as("results with code %s", code).hasSize(1);
        return matching.getFirst();
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static String cents(long cents) {
        return BigDecimal.valueOf(cents, 2).toPlainString();
    }

    /** An applicant every rule approves in band A; each test changes what it is about. */
    private static Builder applicant() {
        return new Builder();
    }

    private static final class Builder {
        private String product = "personal-loan";
        private String amount = "10000.00";
        private int term = 36;
        private String stated = "4000.00";
        private String housing = "700.00";
        private String otherDebts = "100.00";
        private String verified = "3900.00";
        private int score = 760;
        private int oldestAccountDays = 2000;

        Builder product(String value) { product = value; return this; }
        Builder amount(String value) { amount = value; return this; }
        Builder term(int value) { term = value; return this; }
        Builder stated(String value) { stated = value; return this; }
        Builder housing(String value) { housing = value; return this; }
        Builder otherDebts(String value) { otherDebts = value; return this; }
        Builder verified(String value) { verified = value; return this; }
        Builder score(int value) { score = value; return this; }
        Builder oldestAccountDays(int value) { oldestAccountDays = value; return this; }

        UnderwritingInput build() {
            return new UnderwritingInput(product, eur(amount), term, eur(stated), eur(housing), eur(otherDebts),
                    EmploymentStatus.EMPLOYED, 48, new BigDecimal(verified), score, 0, oldestAccountDays);
        }
    }
}
