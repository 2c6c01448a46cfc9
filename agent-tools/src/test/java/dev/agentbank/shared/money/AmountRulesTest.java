package dev.agentbank.shared.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmountRulesTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");
    private final AmountRules rules = new AmountRules(new BigDecimal("1000000.00"));

    private String invalid(String raw, Currency currency) {
        ParsedAmount parsed = rules.parse(raw, currency);
        assertThat(parsed).as("parse(%s)", raw).isInstanceOf(ParsedAmount.Invalid.class);
        assertThat(parsed.value()).isEmpty();
        return ((ParsedAmount.Invalid) parsed).message();
    }

    private Money valid(String raw, Currency currency) {
        ParsedAmount parsed = rules.parse(raw, currency);
        assertThat(parsed).as("parse(%s)", raw).isInstanceOf(ParsedAmount.Valid.class);
        return parsed.value().orElseThrow();
    }

    @Test
    void acceptsPlainPositiveDecimals() {
        assertThat(valid("250", EUR)).isEqualTo(Money.of("250.00", "EUR"));
        assertThat(valid("19.99", EUR)).isEqualTo(Money.of("19.99", "EUR"));
        assertThat(valid("0.01", EUR)).isEqualTo(Money.of("0.01", "EUR"));
        assertThat(valid(" 7.5 ", EUR)).isEqualTo(Money.of("7.50", "EUR"));
        assertThat(valid("1000000.00", EUR)).isEqualTo(Money.of("1000000", "EUR"));
        assertThat(valid("1500", JPY)).isEqualTo(Money.of("1500", "JPY"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void rejectsABlankAmount(String raw) {
        assertThat(invalid(raw, EUR)).isEqualTo("Amount is required, for example 25.00.");
    }

    @Test
    void rejectsAMissingAmount() {
        assertThat(invalid(null, EUR)).isEqualTo("Amount is required, for example 25.00.");
        assertThat(rules.check(null, EUR)).isEqualTo(new ParsedAmount.Invalid("Amount is required, for example 25.00."));
    }

    @Test
    void rejectsNegativeAmounts() {
        assertThat(invalid("-5", EUR)).isEqualTo("Amount must be positive, got '-5'.");
        assertThat(invalid("-0.01", EUR)).contains("must be positive");
        assertThat(rules.check(new BigDecimal("-1"), EUR)).isEqualTo(new ParsedAmount.Invalid("Amount must be positive, got -1."));
    }

    @Test
    void rejectsZero() {
        assertThat(invalid("0", EUR)).isEqualTo("Amount must be positive, got 0.");
        assertThat(invalid("0.00", EUR)).isEqualTo("Amount must be positive, got 0.00.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e309", "1E2", "NaN", "Infinity", "1,000", "1 000", "+5", "0x10", "12.", ".5", "1.2.3", "€5", "5 EUR", "١٢"})
    void rejectsAnythingButAPlainDecimal(String raw) {
        assertThat(invalid(raw, EUR)).startsWith("Amount must be a plain decimal number such as 25.00, got '");
    }

    @Test
    void namesTheOffendingTextInTheMessage() {
        assertThat(invalid("1e309", EUR)).isEqualTo("Amount must be a plain decimal number such as 25.00, got '1e309'.");
        assertThat(invalid("1,000", EUR)).isEqualTo("Amount must be a plain decimal number such as 25.00, got '1,000'.");
    }

    @Test
    void rejectsMoreDecimalsThanTheCurrencyHas() {
        assertThat(invalid("1.001", EUR)).isEqualTo("EUR amounts have at most 2 decimals, got '1.001'.");
        assertThat(invalid("1.5", JPY)).isEqualTo("JPY amounts have at most 0 decimals, got '1.5'.");
    }

    @Test
    void rejectsThirtyDecimalAmounts() {
        assertThat(invalid("0.000000000000000000000000000001", EUR)).contains("0.0000000000");
        assertThat(invalid("1.000000000000000000000000000001", EUR)).contains("1.000000000000000000000000000001");
        assertThat(rules.check(new BigDecimal("0.000000000000000000000000000001"), EUR)).isEqualTo(
                new ParsedAmount.Invalid("EUR amounts have at most 2 decimals, got '0.000000000000000000000000000001'."));
    }

    @Test
    void rejectsAmountsAboveTheMaximum() {
        assertThat(invalid("1000000.01", EUR)).isEqualTo("Amount 1000000.01 EUR is above the maximum of 1000000.00 per operation.");
        assertThat(invalid("9999999999999999999", EUR)).contains("is above the maximum of 1000000.00");
        assertThat(new AmountRules(new BigDecimal("50")).parse("50.01", EUR)).isInstanceOf(ParsedAmount.Invalid.class);
        assertThat(new AmountRules(new BigDecimal("50")).parse("50.00", EUR)).isInstanceOf(ParsedAmount.Valid.class);
        assertThat(rules.maximum()).isEqualByComparingTo("1000000");
    }

    @Test
    void abbreviatesLongInput() {
        String message = invalid("9".repeat(30) + "x", EUR);
        assertThat(message).contains("'" + "9".repeat(30) + "x'");
        String longer = invalid("1".repeat(100), EUR);
        assertThat(longer).contains("'" + "1".repeat(40) + "…'").doesNotContain("1".repeat(41));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12\u0000", "1\u00072", "\u001b[31m12", "12\u007f"})
    void rejectsControlCharactersWithoutEchoingThem(String raw) {
        String message = invalid(raw, EUR);
        assertThat(message).isEqualTo("Amount must be a plain decimal number such as 25.00, got 'a value with control characters'.");
        assertThat(message.codePoints()).noneMatch(Character::isISOControl);
    }

    /** C1 controls such as U+009B (CSI, a terminal escape) are control characters too (Character.isISOControl). */
    @ParameterizedTest
    @ValueSource(strings = {"12\u009b31m", "\u008512"})
    void rejectsC1ControlCharactersWithoutEchoingThem(String raw) {
        String message = invalid(raw, EUR);
        assertThat(message.codePoints()).noneMatch(Character::isISOControl);
        assertThat(message).contains("a value with control characters");
    }
}
