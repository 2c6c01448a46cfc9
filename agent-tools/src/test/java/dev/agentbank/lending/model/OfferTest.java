package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class OfferTest {
    private final LoanProduct product = LoanProduct.personalLoan();
    private final LocalDate firstDue = LocalDate.of(2027, 3, 31);

    @Test
    void pricesTheWorkedExampleAtBandB() {
        // Band B is 9.90 %, the fee 1 % of 10,000.00; figures as derived in AnnualPercentageRateTest.
        Offer offer = Offer.of(product, RiskBand.B, Money.of("10000.00", "EUR"), 36, firstDue);

        assertThat(offer.productCode()).isEqualTo("personal-loan");
        assertThat(offer.band()).isEqualTo(RiskBand.B);
        assertThat(offer.nominalRatePercent()).isEqualByComparingTo("9.90");
        assertThat(offer.fee()).isEqualTo(Money.of("100.00", "EUR"));
        assertThat(offer.payout()).isEqualTo(Money.of("9900.00", "EUR"));
        assertThat(offer.monthlyInstallment()).isEqualTo(Money.of("322.20", "EUR"));
        assertThat(offer.totalInterest()).isEqualTo(Money.of("1599.31", "EUR"));
        assertThat(offer.totalRepayable()).isEqualTo(Money.of("11599.31", "EUR"));
        assertThat(offer.totalCostOfCredit()).isEqualTo(Money.of("1699.31", "EUR"));
        assertThat(offer.aprPercent()).isEqualTo(new BigDecimal("11.1"));
        assertThat(offer.schedule().installments()).hasSize(36);
        assertThat(offer.schedule().installments().get(1).dueDate()).isEqualTo(LocalDate.of(2027, 4, 30));
    }

    @Test
    void chargesLessInABetterBand() {
        Money amount = Money.of("10000.00", "EUR");

        Offer a = Offer.of(product, RiskBand.A, amount, 36, firstDue);
        Offer c = Offer.of(product, RiskBand.C, amount, 36, firstDue);

        assertThat(a.nominalRatePercent()).isEqualByComparingTo("6.90");
        assertThat(c.nominalRatePercent()).isEqualByComparingTo("14.90");
        assertThat(a.monthlyInstallment()).isLessThan(c.monthlyInstallment());
        assertThat(a.aprPercent()).isLessThan(c.aprPercent());
    }

    @Test
    void refusesAnAmountOrTermTheProductDoesNotAllowWithTheProductsSentence() {
        assertThatThrownBy(() -> Offer.of(product, RiskBand.A, Money.of("500.00", "EUR"), 36, firstDue))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be from 1000.00 to 50000.00 EUR.");
        assertThatThrownBy(() -> Offer.of(product, RiskBand.A, Money.of("5000.00", "EUR"), 120, firstDue))
                .isInstanceOf(InvalidRequest.class).hasMessage("term must be from 6 to 84 months.");
        assertThatThrownBy(() -> Offer.of(product, RiskBand.A, Money.of("5000.00", "USD"), 36, firstDue))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be in EUR, got 5000.00 USD.");
    }

    @Test
    void refusesFiguresThatDisagreeWithItsSchedule() {
        Offer offer = Offer.of(product, RiskBand.B, Money.of("10000.00", "EUR"), 36, firstDue);

        assertThatThrownBy(() -> new Offer(offer.productCode(), offer.band(), offer.amount(), offer.termMonths(),
                offer.nominalRatePercent(), offer.fee(), Money.of("300.00", "EUR"), offer.firstDueDate(), offer.totalInterest(),
                offer.totalRepayable(), offer.aprPercent(), offer.schedule()))
                .hasMessage("monthlyInstallment 300.00 EUR does not agree with the schedule's 322.20 EUR");
    }
}
