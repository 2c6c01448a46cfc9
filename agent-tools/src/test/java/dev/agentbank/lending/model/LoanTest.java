package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.Loan.Allocation;
import dev.agentbank.lending.model.Loan.ArrearsState;
import dev.agentbank.lending.model.Loan.RowStatus;
import dev.agentbank.lending.model.Loan.Status;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LoanTest {
    static final LocalDate DISBURSED = LocalDate.of(2027, 1, 10);
    static final LocalDate FIRST_DUE = LocalDate.of(2027, 2, 10);
    static final Instant AT = Instant.parse("2027-01-10T09:00:00Z");

    /** A product whose band A lends at 7.30 %, so daily interest on 10,000.00 is exactly 2.00 (10,000 × 0.073 / 365). */
    static LoanProduct product() {
        return new LoanProduct("personal-loan", Currency.getInstance("EUR"), new BigDecimal("1000.00"), new BigDecimal("50000.00"),
                6, 84, Map.of(RiskBand.A, new BigDecimal("7.30"), RiskBand.B, new BigDecimal("9.90"), RiskBand.C, new BigDecimal("14.90")),
                new BigDecimal("1.00"), new BigDecimal("25.00"));
    }

    static Loan loan(String amount, int term) {
        Offer offer = Offer.of(product(), RiskBand.A, Money.of(amount, "EUR"), term, FIRST_DUE);
        return Loan.of(new LoanId("LN-7K3M9QX2B4TD"), new ApplicationId("LA-7K3M9QX2B4TD"), 42, AccountNumber.fromSerial(51),
                AccountNumber.fromSerial(1), offer, DISBURSED, Status.ACTIVE);
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    @Test
    void accruesPayoffInterestDailyActual365SinceTheDisbursement() {
        Loan loan = loan("10000.00", 12);

        // 20 days after the payout, nothing due yet: 10,000.00 × 7.30 % × 20 / 365 = 40.00
        assertThat(loan.payoff(LocalDate.of(2027, 1, 30))).isEqualTo(eur("10040.00"));
        // on the payout day nothing has accrued
        assertThat(loan.payoff(DISBURSED)).isEqualTo(eur("10000.00"));
    }

    @Test
    void accruesPayoffInterestSinceTheLastDueDateAndAddsUnpaidInterestDue() {
        Loan loan = loan("10000.00", 12);
        Loan.Row first = loan.rows().getFirst();
        Loan paid = loan.apply(first.planned().payment(), FIRST_DUE, AT).after();
        Money outstanding = eur("10000.00").minus(first.planned().principal());

        // 5 days after the first due date, first installment paid: interest on what is left, 5 days
        BigDecimal accrued = outstanding.amount().multiply(new BigDecimal("0.073")).multiply(BigDecimal.valueOf(5))
                .divide(BigDecimal.valueOf(365), 2, java.math.RoundingMode.HALF_UP);
        assertThat(paid.payoff(FIRST_DUE.plusDays(5))).isEqualTo(outstanding.plus(new Money(accrued, outstanding.currency())));

        // unpaid: the first installment's interest is owed besides the accrued days on the full principal
        assertThat(loan.payoff(FIRST_DUE.plusDays(5))).isEqualTo(eur("10000.00").plus(first.planned().interest()).plus(eur("10.00")));
    }

    @Test
    void showsDaysPastDueAndArrearsOnceAnInstallmentIsLate() {
        Loan loan = loan("10000.00", 12);

        assertThat(loan.arrears(FIRST_DUE).state()).isEqualTo(ArrearsState.CURRENT);
        assertThat(loan.daysPastDue(FIRST_DUE.plusDays(7))).isEqualTo(7);
        assertThat(loan.arrears(FIRST_DUE.plusDays(7)).state()).isEqualTo(ArrearsState.IN_ARREARS);
        assertThat(loan.arrears(FIRST_DUE.plusDays(7)).amountOverdue()).isEqualTo(loan.rows().getFirst().planned().payment());

        Loan failedToday = loan.overdue(1);
        assertThat(failedToday.rows().getFirst().status()).isEqualTo(RowStatus.OVERDUE);
        assertThat(failedToday.arrears(FIRST_DUE).state()).isEqualTo(ArrearsState.IN_ARREARS);
        assertThat(failedToday.daysPastDue(FIRST_DUE)).isZero();
    }

    @Test
    void aRepaymentPaysOverdueInstallmentsFirstInterestBeforePrincipal() {
        Loan loan = loan("10000.00", 12);
        Loan.Row first = loan.rows().get(0);
        Loan.Row second = loan.rows().get(1);
        LocalDate today = second.dueDate().plusDays(3);
        Money amount = first.planned().payment().plus(second.planned().interest()).plus(eur("1.00"));

        Allocation allocation = loan.apply(amount, today, AT);

        assertThat(allocation.charged()).isEqualTo(amount);
        assertThat(allocation.parts()).hasSize(2);
        assertThat(allocation.parts().get(1).interest()).isEqualTo(second.planned().interest());
        assertThat(allocation.parts().get(1).principal()).isEqualTo(eur("1.00"));
        assertThat(allocation.after().rows().get(0).isPaid()).isTrue();
        assertThat(allocation.after().rows().get(1).isPaid()).isFalse();
        assertThat(allocation.after().daysPastDue(today)).isEqualTo(3);
        assertThat(allocation.after().outstandingPrincipal())
                .isEqualTo(eur("10000.00").minus(first.planned().principal()).minus(eur("1.00")));
    }

    @Test
    void aPaymentOfAtLeastThePayoffChargesThePayoffAndCloses() {
        Loan loan = loan("10000.00", 12);
        LocalDate today = LocalDate.of(2027, 1, 30);

        Allocation allocation = loan.apply(eur("20000.00"), today, AT);

        assertThat(allocation.charged()).isEqualTo(eur("10040.00"));
        assertThat(allocation.principal()).isEqualTo(eur("10000.00"));
        assertThat(allocation.interest()).isEqualTo(eur("40.00"));
        assertThat(allocation.closes()).isTrue();
        assertThat(allocation.after().outstandingPrincipal()).isEqualTo(eur("0.00"));
        assertThat(allocation.after().payoff(today)).isEqualTo(eur("0.00"));
    }

    @Test
    void payingEveryInstallmentOnItsDueDateClosesTheLoan() {
        Loan loan = loan("1000.00", 6);
        for (Loan.Row row : loan.rows()) {
            Allocation allocation = loan.apply(row.planned().payment(), row.dueDate(), AT);
            assertThat(allocation.charged()).isEqualTo(row.planned().payment());
            assertThat(allocation.parts()).singleElement().satisfies(part -> {
                assertThat(part.installment()).isEqualTo(row.number());
                assertThat(part.interest()).isEqualTo(row.planned().interest());
            });
            loan = allocation.after();
        }
        assertThat(loan.status()).isEqualTo(Status.CLOSED);
        assertThat(loan.closedAt()).isEqualTo(AT);
    }

    /** Whatever is repaid, in whatever pieces, the principal repaid plus what is left is what was lent. */
    @Property
    void repaymentsNeverLoseOrInventPrincipal(
            @ForAll @LongRange(min = 100_000, max = 5_000_000) long cents,
            @ForAll @IntRange(min = 6, max = 84) int term,
            @ForAll @LongRange(min = 1, max = 2_000_000) long pieceCents,
            @ForAll @IntRange(min = 0, max = 3000) int daysLater) {
        Loan loan = loan(Money.ofMinor(cents, Currency.getInstance("EUR")).amount().toPlainString(), term);
        Money principal = loan.principal();
        LocalDate today = DISBURSED.plusDays(daysLater);
        Money repaid = Money.zero(principal.currency());
        for (int i = 0; i < 5 && loan.status() == Status.ACTIVE; i++) {
            Allocation allocation = loan.apply(Money.ofMinor(pieceCents, principal.currency()), today, AT);
            assertThat(allocation.charged()).isEqualTo(allocation.principal().plus(allocation.interest()));
            assertThat(allocation.charged().isGreaterThan(Money.ofMinor(pieceCents, principal.currency()))).isFalse();
            repaid = repaid.plus(allocation.principal());
            loan = allocation.after();
        }
        assertThat(repaid.plus(loan.outstandingPrincipal())).isEqualTo(principal);
        assertThat(loan.status() == Status.CLOSED).isEqualTo(!loan.outstandingPrincipal().isPositive());
    }
}
