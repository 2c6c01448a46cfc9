package dev.agentbank.shared.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Test
    void keepsEveryAmountAtTheScaleOfItsCurrency() {
        assertThat(Money.of("12", "EUR").amount()).isEqualByComparingTo("12").hasScaleOf(2);
        assertThat(Money.of("12.5", "EUR").amount()).hasScaleOf(2);
        assertThat(Money.of("12.50", "EUR")).isEqualTo(Money.of("12.5", "EUR"));
        assertThat(Money.of("1500", "JPY").amount()).hasScaleOf(0);
        assertThat(Money.scaleOf(EUR)).isEqualTo(2);
        assertThat(Money.scaleOf(JPY)).isZero();
        assertThat(Money.scaleOf(Currency.getInstance("XAU"))).isZero();
    }

    @Test
    void printsAmountAndCurrencyCode() {
        assertThat(Money.of("120", "EUR")).hasToString("120.00 EUR");
        assertThat(Money.of("-3.1", "EUR")).hasToString("-3.10 EUR");
        assertThat(Money.of("1500", "JPY")).hasToString("1500 JPY");
    }

    @Test
    void rejectsMoreDecimalsThanTheCurrencyHas() {
        assertThatThrownBy(() -> Money.of("1.001", "EUR"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EUR amounts have at most 2 decimals");
        assertThatThrownBy(() -> Money.of("1.5", "JPY"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JPY amounts have at most 0 decimals");
        // trailing zeros are not extra precision
        assertThat(Money.of("1.000", "EUR").amount()).isEqualByComparingTo("1");
        assertThat(Money.of("7.00", "JPY").amount()).isEqualByComparingTo("7").hasScaleOf(0);
    }

    @Test
    void rejectsMissingParts() {
        assertThatThrownBy(() -> new Money(null, EUR)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Money(BigDecimal.ONE, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void addsSubtractsAndNegatesExactly() {
        Money a = Money.of("0.10", "EUR");
        Money b = Money.of("0.20", "EUR");
        assertThat(a.plus(b)).isEqualTo(Money.of("0.30", "EUR"));
        assertThat(a.minus(b)).isEqualTo(Money.of("-0.10", "EUR"));
        assertThat(a.negate()).isEqualTo(Money.of("-0.10", "EUR"));
        assertThat(a.negate().negate()).isEqualTo(a);
        assertThat(a.minus(b).isNegative()).isTrue();
        assertThat(b.minus(a).isPositive()).isTrue();
        assertThat(Money.zero(EUR).isPositive()).isFalse();
        assertThat(Money.zero(EUR).isNegative()).isFalse();
        assertThat(b.isGreaterThan(a)).isTrue();
        assertThat(a.isGreaterThan(a)).isFalse();
        assertThat(a.compareTo(b)).isNegative();
    }

    @Test
    void refusesToMixCurrencies() {
        Money eur = Money.of("1", "EUR");
        Money usd = Money.of("1", "USD");
        assertThatThrownBy(() -> eur.plus(usd)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("currency mismatch");
        assertThatThrownBy(() -> eur.minus(usd)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> eur.compareTo(usd)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> eur.isGreaterThan(usd)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsToAndFromMinorUnits() {
        assertThat(Money.of("250.00", "EUR").minorUnits()).isEqualTo(25_000L);
        assertThat(Money.of("19.99", "EUR").minorUnits()).isEqualTo(1_999L);
        assertThat(Money.of("-0.01", "EUR").minorUnits()).isEqualTo(-1L);
        assertThat(Money.of("1500", "JPY").minorUnits()).isEqualTo(1_500L);
        assertThat(Money.ofMinor(1_999L, EUR)).isEqualTo(Money.of("19.99", "EUR"));
        assertThat(Money.ofMinor(-5L, EUR)).hasToString("-0.05 EUR");
        assertThat(Money.ofMinor(1_500L, JPY)).hasToString("1500 JPY");
    }

    @Test
    void minorUnitsFailRatherThanOverflowing() {
        Money huge = new Money(new BigDecimal("99999999999999999999"), EUR);
        assertThatThrownBy(huge::minorUnits).isInstanceOf(ArithmeticException.class).hasMessageContaining("too large");
        Money justFits = Money.ofMinor((1L << 62) - 1, EUR);
        assertThat(justFits.minorUnits()).isEqualTo((1L << 62) - 1);
    }
}
