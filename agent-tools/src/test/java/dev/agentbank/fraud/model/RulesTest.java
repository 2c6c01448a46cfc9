package dev.agentbank.fraud.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.fraud.model.Movement.Direction;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each rule fires just past its boundary and stays quiet at it, with evidence in words and figures. */
class RulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final AtomicLong ids = new AtomicLong();

    private static Movement out(String amount, Instant at) {
        return new Movement(ids.incrementAndGet(), at, "AB0000000195", Direction.OUT, Money.of(amount, "EUR"), Optional.empty(),
                Optional.empty());
    }

    private static Movement in(String amount, Instant at) {
        return new Movement(ids.incrementAndGet(), at, "AB0000000195", Direction.IN, Money.of(amount, "EUR"), Optional.empty(),
                Optional.empty());
    }

    private static Movement toPayee(String amount, Duration payeeAge) {
        return new Movement(ids.incrementAndGet(), NOW, "AB0000000195", Direction.OUT, Money.of(amount, "EUR"),
                Optional.of("PY-7K3M9QX2B4TD"), Optional.of(payeeAge));
    }

    private static AccountActivity history(Movement... movements) {
        return new AccountActivity(List.of(movements));
    }

    private static Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    @Nested
    class Velocity {
        private final VelocityRule rule = VelocityRule.defaults(); // 5 outflows or 2000.00 per hour

        @Test
        void theSixthOutflowInAnHourFires() {
            List<Movement> five = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                five.add(out("10.00", ago(Duration.ofMinutes(10 * i))));
            }
            assertThat(rule.judge(out("10.00", NOW), new AccountActivity(five))).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("6 outflows in 60 minutes, total 60.00 EUR (limits: 5 outflows or 2000.00 EUR)"));
            assertThat(rule.judge(out("10.00", NOW), new AccountActivity(five.subList(0, 4)))).isEmpty();
        }

        @Test
        void aTotalAboveTheLimitFiresAndExactlyAtItDoesNot() {
            AccountActivity earlier = history(out("1500.00", ago(Duration.ofMinutes(30))));
            assertThat(rule.judge(out("500.00", NOW), earlier)).isEmpty();
            assertThat(rule.judge(out("500.01", NOW), earlier)).isPresent();
            // outside the window, it does not count
            assertThat(rule.judge(out("600.00", NOW), history(out("1500.00", ago(Duration.ofMinutes(61)))))).isEmpty();
            // one large outflow alone is not velocity
            assertThat(rule.judge(out("2500.00", NOW), history())).isEmpty();
        }
    }

    @Nested
    class AmountAnomaly {
        private final AmountAnomalyRule rule = AmountAnomalyRule.defaults(); // mean + 4σ, 10 outflows of history

        private AccountActivity usual() {
            List<Movement> outs = new ArrayList<>();
            for (int day = 1; day <= 10; day++) {
                outs.add(out(day % 2 == 0 ? "40.00" : "60.00", ago(Duration.ofDays(day))));
            }
            return new AccountActivity(outs.reversed()); // mean 50.00, σ 10.00: the ceiling is 90.00
        }

        @Test
        void farAboveTheAccountsOwnFires() {
            assertThat(rule.judge(out("90.01", NOW), usual())).hasValueSatisfying(hit -> assertThat(hit.evidence())
                    .isEqualTo("outflow of 90.01 EUR against a usual 50.00 EUR (σ 10.00 EUR, 10 outflows in 90 days); above mean + 4σ = 90.00 EUR"));
            assertThat(rule.judge(out("90.00", NOW), usual())).isEmpty();
        }

        @Test
        void tooLittleHistoryIsNoEvidence() {
            assertThat(rule.judge(out("5000.00", NOW), history(out("10.00", ago(Duration.ofDays(1)))))).isEmpty();
        }
    }

    @Nested
    class NewPayeeLargePayment {
        private final NewPayeeLargePaymentRule rule = NewPayeeLargePaymentRule.defaults(); // 300.00 within 24 hours

        @Test
        void aLargePaymentToAPayeeAddedAnHourAgoFires() {
            assertThat(rule.judge(toPayee("300.00", Duration.ofMinutes(40)), history())).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("payment of 300.00 EUR to a payee added 40 minutes earlier"
                            + " (rule: 300.00 or more within 24 hours of adding the payee)"));
            assertThat(rule.judge(toPayee("299.99", Duration.ofMinutes(40)), history())).isEmpty();
            assertThat(rule.judge(toPayee("300.00", Duration.ofHours(24)), history())).isEmpty();
        }
    }

    @Nested
    class Splitting {
        private final SplittingRule rule = SplittingRule.defaults(new BigDecimal("100.00")); // 85.00 to 100.00, 3 in 24 hours

        @Test
        void theThirdPieceJustUnderTheThresholdFires() {
            AccountActivity two = history(out("96.00", ago(Duration.ofHours(3))), out("99.00", ago(Duration.ofHours(1))));
            assertThat(rule.judge(out("85.00", NOW), two)).hasValueSatisfying(hit -> assertThat(hit.evidence()).isEqualTo(
                    "3 outflows between 85.00 and 100.00 EUR in 24 hours, total 280.00 EUR; the confirmation threshold is 100.00"));
            assertThat(rule.judge(out("84.99", NOW), two)).isEmpty();
            assertThat(rule.judge(out("100.01", NOW), two)).isEmpty();
            assertThat(rule.judge(out("96.00", NOW), history(out("96.00", ago(Duration.ofHours(1)))))).isEmpty();
        }
    }

    @Nested
    class DormantAccount {
        private final DormantAccountRule rule = DormantAccountRule.defaults(); // 90 days

        @Test
        void anOutflowAfterNinetyQuietDaysFires() {
            assertThat(rule.judge(out("50.00", NOW), history(in("500.00", ago(Duration.ofDays(90)))))).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("outflow of 50.00 EUR after 90 days without any movement (rule: 90 days)"));
            assertThat(rule.judge(out("50.00", NOW), history(in("500.00", ago(Duration.ofDays(90).minusMinutes(1)))))).isEmpty();
            assertThat(rule.judge(in("50.00", NOW), history(in("500.00", ago(Duration.ofDays(200)))))).isEmpty();
        }
    }

    @Nested
    class RapidInAndOut {
        private final RapidInAndOutRule rule = RapidInAndOutRule.defaults(); // 80 % of a 1000.00 credit within 24 hours

        @Test
        void eightyPercentOfALargeCreditOutWithinADayFires() {
            AccountActivity credited = history(in("2000.00", ago(Duration.ofHours(5))), out("600.00", ago(Duration.ofHours(2))));
            assertThat(rule.judge(out("1000.00", NOW), credited)).hasValueSatisfying(hit -> assertThat(hit.evidence()).isEqualTo(
                    "credit of 2000.00 EUR, then 1600.00 EUR out (80 %) within 5 hours (rule: 80 % within 24 hours)"));
            assertThat(rule.judge(out("999.99", NOW), credited)).isEmpty();
            // a small credit, or one more than a day ago, is not the pattern
            assertThat(rule.judge(out("900.00", NOW), history(in("999.99", ago(Duration.ofHours(1)))))).isEmpty();
            assertThat(rule.judge(out("1900.00", NOW), history(in("2000.00", ago(Duration.ofHours(25)))))).isEmpty();
        }
    }

    @Nested
    class RoundAmount {
        private final RoundAmountRule rule = RoundAmountRule.defaults(); // multiples of 100 from 500.00

        @Test
        void aLargeRoundOutflowFires() {
            assertThat(rule.judge(out("500.00", NOW), history())).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("outflow of 500.00 EUR, a multiple of 100 (rule: round amounts from 500.00)"));
            assertThat(rule.judge(out("400.00", NOW), history())).isEmpty();
            assertThat(rule.judge(out("500.01", NOW), history())).isEmpty();
        }
    }

    @Test
    void theScorecardAddsHitsAndNamesTheAction() {
        Scorecard card = new Scorecard(List.of(NewPayeeLargePaymentRule.defaults(), RoundAmountRule.defaults()), 40, 50);

        Scorecard.Verdict both = card.judge(toPayee("600.00", Duration.ofMinutes(5)), history());
        assertThat(both.score()).isEqualTo(50);
        assertThat(both.action()).isEqualTo(Scorecard.Action.HOLD);
        assertThat(both.hits()).extracting(Hit::rule).containsExactly("new-payee-large-payment", "round-amount");
        assertThat(card.judge(toPayee("610.00", Duration.ofMinutes(5)), history()).action()).isEqualTo(Scorecard.Action.ALERT);
        assertThat(card.judge(out("610.00", NOW), history()).action()).isEqualTo(Scorecard.Action.NONE);
    }
}
