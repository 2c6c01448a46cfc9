package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class RepaymentScheduleTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final LocalDate FIRST_DUE = LocalDate.of(2027, 1, 15);

    @Property
    void repaysExactlyTheAmountInEqualPaymentsWithALastOneThatAbsorbsTheRounding(
            @ForAll @LongRange(min = 100_000, max = 5_000_000) long cents,
            @ForAll @IntRange(min = 6, max = 84) int term,
            @ForAll @BigRange(min = "0", max = "25") @Scale(2) BigDecimal ratePercent) {
        Money amount = Money.ofMinor(cents, EUR);

        RepaymentSchedule schedule = RepaymentSchedule.annuity(amount, ratePercent, term, FIRST_DUE);

        List<Installment> installments = schedule.installments();
        assertThat(installments).hasSize(term);
        assertThat(schedule.principal()).isEqualTo(amount);
        assertThat(schedule.totalRepayable()).isEqualTo(amount.plus(schedule.totalInterest()));
        Money regular = RepaymentSchedule.annuityPayment(amount, ratePercent, term);
        assertThat(installments.subList(0, term - 1)).allSatisfy(i -> assertThat(i.payment()).isEqualTo(regular));
        assertThat(installments).allSatisfy(i -> {
            assertThat(i.principal().isNegative()).as("principal of %s", i).isFalse();
            assertThat(i.interest().isNegative()).as("interest of %s", i).isFalse();
        });
        BigDecimal difference = schedule.last().payment().minus(regular).amount().abs();
        assertThat(difference).as("last %s against regular %s", schedule.last().payment(), regular)
                .isLessThanOrEqualTo(lastPaymentBound(ratePercent, term));
    }

    @Property
    void fallsDueMonthlyFromTheFirstDueDate(@ForAll @IntRange(min = 6, max = 84) int term,
                                            @ForAll @IntRange(min = 1, max = 31) int dayOfMonth) {
        LocalDate first = LocalDate.of(2027, 1, dayOfMonth);

        RepaymentSchedule schedule = RepaymentSchedule.annuity(Money.of("5000.00", "EUR"), new BigDecimal("9.90"), term, first);

        for (Installment installment : schedule.installments()) {
            LocalDate due = installment.dueDate();
            assertThat(due.withDayOfMonth(1)).isEqualTo(first.withDayOfMonth(1).plusMonths(installment.number() - 1));
            assertThat(due.getDayOfMonth()).isEqualTo(Math.min(dayOfMonth, due.lengthOfMonth()));
        }
    }

    @Test
    void matchesAScheduleWorkedByHand() {
        // 1000.00 over 6 months at 12 % a year, so r = 0.01 exactly.
        // 1.01^6 = 1.0615201506010001, payment = 1000 * 0.01 / (1 - 1/1.0615201506...) = 172.548... -> 172.55.
        // Month by month, interest = balance * 0.01 rounded half-up:
        //   1: 1000.00 -> interest 10.00, principal 162.55, left 837.45
        //   2:  837.45 -> 8.3745 -> 8.37, principal 164.18, left 673.27
        //   3:  673.27 -> 6.7327 -> 6.73, principal 165.82, left 507.45
        //   4:  507.45 -> 5.0745 -> 5.07, principal 167.48, left 339.97
        //   5:  339.97 -> 3.3997 -> 3.40, principal 169.15, left 170.82
        //   6:  170.82 -> 1.7082 -> 1.71, principal 170.82 (all that is left), payment 172.53
        RepaymentSchedule schedule = RepaymentSchedule.annuity(Money.of("1000.00", "EUR"), new BigDecimal("12"), 6,
                LocalDate.of(2027, 1, 31));

        assertThat(schedule.installments()).containsExactly(
                installment(1, "2027-01-31", "162.55", "10.00"),
                installment(2, "2027-02-28", "164.18", "8.37"),
                installment(3, "2027-03-31", "165.82", "6.73"),
                installment(4, "2027-04-30", "167.48", "5.07"),
                installment(5, "2027-05-31", "169.15", "3.40"),
                installment(6, "2027-06-30", "170.82", "1.71"));
        assertThat(schedule.regularPayment()).isEqualTo(Money.of("172.55", "EUR"));
        assertThat(schedule.last().payment()).isEqualTo(Money.of("172.53", "EUR"));
        assertThat(schedule.totalInterest()).isEqualTo(Money.of("35.28", "EUR"));
        assertThat(schedule.totalRepayable()).isEqualTo(Money.of("1035.28", "EUR"));
    }

    @Test
    void matchesPublishedPaymentFigures() {
        // Worked examples published on the web for 10,000 over 36 months:
        // 4.5 % -> 297.47 (mathondemand.com, "Monthly loan payment on a $10,000 loan for 3 years with a 4.5% interest rate"),
        // 8 %   -> 313.36 (ratioix.com, "Loan Payment on a $10,000 Personal Loan").
        assertThat(RepaymentSchedule.annuityPayment(Money.of("10000.00", "EUR"), new BigDecimal("4.5"), 36))
                .isEqualTo(Money.of("297.47", "EUR"));
        assertThat(RepaymentSchedule.annuityPayment(Money.of("10000.00", "EUR"), new BigDecimal("8"), 36))
                .isEqualTo(Money.of("313.36", "EUR"));
    }

    @Test
    void splitsAnInterestFreeLoanEvenlyAndLetsTheLastPaymentTakeTheCents() {
        // 1000.00 / 6 = 166.666... -> 166.67; five of them are 833.35, so the last is 166.65.
        RepaymentSchedule schedule = RepaymentSchedule.annuity(Money.of("1000.00", "EUR"), BigDecimal.ZERO, 6, FIRST_DUE);

        assertThat(schedule.regularPayment()).isEqualTo(Money.of("166.67", "EUR"));
        assertThat(schedule.last().payment()).isEqualTo(Money.of("166.65", "EUR"));
        assertThat(schedule.totalInterest()).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(schedule.totalRepayable()).isEqualTo(Money.of("1000.00", "EUR"));
    }

    @Test
    void refusesAnInstallmentWhosePartsDoNotAddUp() {
        assertThatThrownBy(() -> new Installment(1, FIRST_DUE, Money.of("100.00", "EUR"), Money.of("1.00", "EUR"),
                Money.of("101.01", "EUR"))).hasMessageContaining("is not principal 100.00 EUR plus interest 1.00 EUR");
    }

    /** Each month the payment's rounding and the interest's rounding move the balance by at most a cent, compounded. */
    private static BigDecimal lastPaymentBound(BigDecimal ratePercent, int term) {
        BigDecimal growth = BigDecimal.ONE.add(RepaymentSchedule.monthlyRate(ratePercent));
        BigDecimal sum = BigDecimal.ZERO;
        for (int j = 0; j < term; j++) {
            sum = sum.add(growth.pow(j, MathContext.DECIMAL128));
        }
        return new BigDecimal("0.01").multiply(sum);
    }

    private static Installment installment(int number, String due, String principal, String interest) {
        Money p = Money.of(principal, "EUR");
        Money i = Money.of(interest, "EUR");
        return new Installment(number, LocalDate.parse(due), p, i, p.plus(i));
    }
}
