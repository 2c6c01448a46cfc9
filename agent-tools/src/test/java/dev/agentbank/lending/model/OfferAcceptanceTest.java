package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** What the customer reads before a loan is paid out: every figure they commit to, one line each. */
class OfferAcceptanceTest {
    private static final Currency EUR = Currency.getInstance("EUR");

    @Test
    void showsEveryFigureOfTheOfferAndWhereTheMoneyGoes() {
        Offer offer = Offer.of(LoanProduct.personalLoan(), RiskBand.B, new Money(new BigDecimal("8000.00"), EUR), 36,
                LocalDate.parse("2027-01-15"));
        AccountNumber account = AccountNumber.fromSerial(1234);
        OfferAcceptance acceptance = new OfferAcceptance(new ApplicationId("LA-7Q2M9X4KD1ZR"), offer, account,
                Instant.parse("2026-12-29T09:30:00Z"));

        assertThat(acceptance.subject()).isEqualTo("loan offer acceptance");
        assertThat(acceptance.describe().lines().toList()).containsExactly(
                "Loan application: LA-7Q2M9X4KD1ZR",
                "You borrow: 8000.00 EUR over 36 months",
                "Nominal rate: 9.9 % a year (band B)",
                "APR: " + offer.aprPercent().toPlainString() + " %",
                // 1 % of 8,000.00 is 80.00, above the 25.00 minimum; the payout is what is left
                "Arrangement fee: 80.00 EUR, kept back from the payout",
                "Paid into " + account + ": 7920.00 EUR",
                "Monthly installment: " + offer.monthlyInstallment() + ", first due 2027-01-15, last ("
                        + offer.schedule().installments().getLast().payment() + ") due 2029-12-15",
                "Total interest: " + offer.totalInterest(),
                "Total repayable: " + offer.totalRepayable(),
                "Installments are collected from " + account + " on their due dates.",
                "The offer expires on 2026-12-29 09:30 UTC.");
    }
}
