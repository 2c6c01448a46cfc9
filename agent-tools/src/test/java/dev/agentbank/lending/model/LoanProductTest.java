package dev.agentbank.lending.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoanProductTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private final LoanProduct product = LoanProduct.personalLoan();

    @Test
    void acceptsAmountsFromTheMinimumToTheMaximum() {
        assertThat(product.amountProblem(new BigDecimal("1000.00"))).isEmpty();
        assertThat(product.amountProblem(new BigDecimal("50000"))).isEmpty();
        assertThat(product.amountProblem(new BigDecimal("12345.67"))).isEmpty();
    }

    @Test
    void namesTheAllowedRangeWhenTheAmountIsOutsideIt() {
        assertThat(product.amountProblem(new BigDecimal("999.99"))).contains("amount must be from 1000.00 to 50000.00 EUR.");
        assertThat(product.amountProblem(new BigDecimal("50000.01"))).contains("amount must be from 1000.00 to 50000.00 EUR.");
        assertThat(product.amountProblem(new BigDecimal("-5000"))).contains("amount must be from 1000.00 to 50000.00 EUR.");
        assertThat(product.amountProblem(null)).contains("amount is required, from 1000.00 to 50000.00 EUR.");
    }

    @Test
    void refusesFractionsOfACent() {
        assertThat(product.amountProblem(new BigDecimal("2000.001"))).contains("amount must have at most 2 decimals, got 2000.001.");
        assertThat(product.amountProblem(new BigDecimal("2000.000"))).isEmpty();
    }

    @Test
    void namesTheAllowedTermsWhenTheTermIsOutsideThem() {
        assertThat(product.termProblem(6)).isEmpty();
        assertThat(product.termProblem(84)).isEmpty();
        assertThat(product.termProblem(5)).contains("term must be from 6 to 84 months.");
        assertThat(product.termProblem(85)).contains("term must be from 6 to 84 months.");
        assertThat(product.termProblem(0)).contains("term must be from 6 to 84 months.");
    }

    @Test
    void chargesOnePercentButAtLeastTwentyFive() {
        assertThat(product.fee(Money.of("1000.00", "EUR"))).isEqualTo(Money.of("25.00", "EUR"));
        assertThat(product.fee(Money.of("2500.00", "EUR"))).isEqualTo(Money.of("25.00", "EUR"));
        assertThat(product.fee(Money.of("2500.01", "EUR"))).isEqualTo(Money.of("25.00", "EUR"));
        assertThat(product.fee(Money.of("2600.00", "EUR"))).isEqualTo(Money.of("26.00", "EUR"));
        assertThat(product.fee(Money.of("10000.00", "EUR"))).isEqualTo(Money.of("100.00", "EUR"));
        assertThat(product.fee(Money.of("50000.00", "EUR"))).isEqualTo(Money.of("500.00", "EUR"));
    }

    @Test
    void roundsTheFeeHalfUpToCents() {
        // 1 % of 12345.50 is 123.455 -> 123.46; of 12345.49 is 123.4549 -> 123.45
        assertThat(product.fee(Money.of("12345.50", "EUR"))).isEqualTo(Money.of("123.46", "EUR"));
        assertThat(product.fee(Money.of("12345.49", "EUR"))).isEqualTo(Money.of("123.45", "EUR"));
    }

    @Test
    void pricesEachBand() {
        assertThat(product.rate(RiskBand.A)).isEqualByComparingTo("6.90");
        assertThat(product.rate(RiskBand.B)).isEqualByComparingTo("9.90");
        assertThat(product.rate(RiskBand.C)).isEqualByComparingTo("14.90");
        assertThat(product.code()).isEqualTo("personal-loan");
        assertThat(product.currency()).isEqualTo(EUR);
    }

    @Test
    void loadsEqualProductsFromDifferentSpellingsOfTheSameValues() {
        LoanProduct respelled = new LoanProduct("personal-loan", EUR, new BigDecimal("1000"), new BigDecimal("50000.0"), 6, 84,
                Map.of(RiskBand.A, new BigDecimal("6.9"), RiskBand.B, new BigDecimal("9.900"), RiskBand.C, new BigDecimal("14.9")),
                new BigDecimal("1"), new BigDecimal("25"));
        assertThat(respelled).isEqualTo(product);
    }

    @Test
    void refusesToLoadABadProductNamingTheSetting() {
        assertThatThrownBy(() -> product(new BigDecimal("60000"), new BigDecimal("50000"), 6, 84, Map.of(RiskBand.A, BigDecimal.ONE,
                RiskBand.B, BigDecimal.ONE, RiskBand.C, BigDecimal.ONE))).hasMessage("minAmount must not be above maxAmount");
        assertThatThrownBy(() -> product(new BigDecimal("1000"), new BigDecimal("50000"), 84, 6, Map.of(RiskBand.A, BigDecimal.ONE,
                RiskBand.B, BigDecimal.ONE, RiskBand.C, BigDecimal.ONE))).hasMessageContaining("minTermMonths <= maxTermMonths");
        assertThatThrownBy(() -> product(new BigDecimal("1000"), new BigDecimal("50000"), 6, 84, Map.of(RiskBand.A, BigDecimal.ONE)))
                .hasMessage("nominalRatePercent for band B is required");
        assertThatThrownBy(() -> product(new BigDecimal("1000.001"), new BigDecimal("50000"), 6, 84, Map.of(RiskBand.A, BigDecimal.ONE,
                RiskBand.B, BigDecimal.ONE, RiskBand.C, BigDecimal.ONE))).hasMessage("minAmount must have at most 2 decimals");
        assertThatThrownBy(() -> product(new BigDecimal("1000"), new BigDecimal("50000"), 6, 84, Map.of(RiskBand.A, BigDecimal.ONE,
                RiskBand.B, BigDecimal.ONE, RiskBand.C, new BigDecimal("-1")))).hasMessageStartingWith("nominalRatePercent for band C must be a percent");
    }

    private static LoanProduct product(BigDecimal min, BigDecimal max, int minTerm, int maxTerm, Map<RiskBand, BigDecimal> rates) {
        return new LoanProduct("personal-loan", EUR, min, max, minTerm, maxTerm, rates, BigDecimal.ONE, new BigDecimal("25"));
    }
}
