package dev.agentbank.shared.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import java.math.BigDecimal;
import java.util.Currency;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.StringLength;

class AmountPropertiesTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private static final BigDecimal MAX = new BigDecimal("1000000.00");
    private final AmountRules rules = new AmountRules(MAX);

    @Property
    void validDecimalsAtScaleUpToTwoParseToTheSameAmount(
            @ForAll @BigRange(min = "0.01", max = "1000000.00") @Scale(2) BigDecimal amount,
            @ForAll boolean minimalScale) {
        // "250.00" and "250", "19.90" and "19.9" are all plain decimals at scale <= 2
        String text = minimalScale ? amount.stripTrailingZeros().toPlainString() : amount.toPlainString();

        ParsedAmount parsed = rules.parse(text, EUR);

        assertThat(parsed).as(text).isInstanceOf(ParsedAmount.Valid.class);
        Money money = parsed.value().orElseThrow();
        assertThat(money.amount()).isEqualByComparingTo(amount).hasScaleOf(2);
        assertThat(money.currency()).isEqualTo(EUR);
        assertThat(Money.ofMinor(money.minorUnits(), EUR)).isEqualTo(money);
        assertThat(rules.parse(money.amount().toPlainString(), EUR)).isEqualTo(parsed);
    }

    @Property
    void wholeYenParseAndThirdDecimalsNeverDo(@ForAll @LongRange(min = 1, max = 1_000_000) long yen,
                                              @ForAll @LongRange(min = 1, max = 9) long thirdDecimal) {
        assertThat(rules.parse(Long.toString(yen), JPY).value()).contains(Money.ofMinor(yen, JPY));
        assertThat(rules.parse(yen + ".5", JPY)).isInstanceOf(ParsedAmount.Invalid.class);
        assertThat(rules.parse("0.00" + thirdDecimal, EUR)).isInstanceOf(ParsedAmount.Invalid.class);
    }

    @Property
    void plusAndMinusAreInverse(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long a,
                                @ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long b) {
        Money x = Money.ofMinor(a, EUR);
        Money y = Money.ofMinor(b, EUR);
        assertThat(x.plus(y).minus(y)).isEqualTo(x);
        assertThat(x.minus(y).plus(y)).isEqualTo(x);
        assertThat(x.plus(y)).isEqualTo(y.plus(x));
        assertThat(x.minus(y)).isEqualTo(y.minus(x).negate());
        assertThat(x.plus(y).minorUnits()).isEqualTo(a + b);
    }

    @Property
    void parseAnswersEveryStringWithAValue(@ForAll String raw) {
        assertParsesWithoutThrowing(raw);
    }

    @Property
    void parseAnswersEveryNumberLikeStringWithAValue(
            @ForAll @NumericChars @Chars({'.', '-', '+', 'e', 'E', ',', ' ', '\u0000'}) @StringLength(max = 45) String raw) {
        assertParsesWithoutThrowing(raw);
    }

    private void assertParsesWithoutThrowing(String raw) {
        ParsedAmount parsed = rules.parse(raw, EUR);
        assertThat(parsed).isNotNull();
        switch (parsed) {
            case ParsedAmount.Valid valid -> {
                assertThat(valid.money().isPositive()).isTrue();
                assertThat(valid.money().amount()).isLessThanOrEqualTo(MAX).hasScaleOf(2);
                assertThat(new BigDecimal(raw.strip())).isEqualByComparingTo(valid.money().amount());
            }
            case ParsedAmount.Invalid invalid -> assertThat(invalid.message()).isNotBlank().doesNotContain("\u0000");
        }
    }
}
