package dev.agentbank.accounts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class AccountNumberTest {

    @Test
    void fromSerialMakesTwelveCharactersWithAnIbanStyleCheck() {
        AccountNumber number = AccountNumber.fromSerial(1);
        assertThat(number.value()).matches("AB\\d{10}").startsWith("AB00000001");
        assertThat(new BigInteger(number.value().substring(2)).mod(BigInteger.valueOf(97)).intValue()).isEqualTo(1);
        assertThat(number).hasToString(number.value());
    }

    @Test
    void rejectsSerialsOutOfRange() {
        assertThatThrownBy(() -> AccountNumber.fromSerial(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountNumber.fromSerial(100_000_000L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AccountNumber.fromSerial(0).value()).startsWith("AB00000000");
        assertThat(AccountNumber.fromSerial(99_999_999L).value()).startsWith("AB99999999");
    }

    @Property(tries = 500)
    void fromSerialRoundTripsThroughParse(@ForAll @LongRange(min = 0, max = 99_999_999L) long serial) {
        AccountNumber number = AccountNumber.fromSerial(serial);
        assertThat(AccountNumber.parse(number.value())).contains(number);
        assertThat(AccountNumber.parse(" " + number.value().toLowerCase() + " ")).contains(number);
        assertThat(AccountNumber.parse(number.value().substring(0, 6) + " " + number.value().substring(6))).contains(number);
        assertThat(new AccountNumber(number.value())).isEqualTo(number);
    }

    @Property(tries = 500)
    void aChangedDigitFailsTheChecksum(@ForAll @LongRange(min = 0, max = 99_999_999L) long serial,
                                       @ForAll @IntRange(min = 2, max = 11) int position,
                                       @ForAll @IntRange(min = 1, max = 9) int delta) {
        String valid = AccountNumber.fromSerial(serial).value();
        char[] chars = valid.toCharArray();
        chars[position] = (char) ('0' + (chars[position] - '0' + delta) % 10);
        String mistyped = new String(chars);

        assertThat(AccountNumber.parse(mistyped)).isEmpty();
        assertThatThrownBy(() -> new AccountNumber(mistyped)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void swappedNeighbouringDigitsFailTheChecksum() {
        String valid = AccountNumber.fromSerial(12_345_678L).value();
        String swapped = valid.substring(0, 4) + valid.charAt(5) + valid.charAt(4) + valid.substring(6);
        assertThat(swapped).isNotEqualTo(valid);
        assertThat(AccountNumber.parse(swapped)).isEmpty();
    }

    @Test
    void parseIsEmptyForAnythingElse() {
        assertThat(AccountNumber.parse(null)).isEmpty();
        assertThat(AccountNumber.parse("")).isEmpty();
        assertThat(AccountNumber.parse("AB123")).isEmpty();
        assertThat(AccountNumber.parse("XX" + AccountNumber.fromSerial(5).value().substring(2))).isEmpty();
        assertThat(AccountNumber.parse(AccountNumber.fromSerial(5).value() + "0")).isEmpty();
        assertThat(AccountNumber.parse("A".repeat(65))).isEmpty();
        assertThat(AccountNumber.parse("SETTLEMENT-EUR")).isEmpty();
        assertThatThrownBy(() -> new AccountNumber(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccountNumber("ab" + AccountNumber.fromSerial(5).value().substring(2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
