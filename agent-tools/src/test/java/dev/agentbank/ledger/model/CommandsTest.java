package dev.agentbank.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Reversal;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandsTest {
    private static final AccountNumber A = AccountNumber.fromSerial(1);
    private static final AccountNumber B = AccountNumber.fromSerial(2);
    private static final IdempotencyKey KEY = new IdempotencyKey("key-1");
    private static final Optional<Currency> EUR = Optional.of(Currency.getInstance("EUR"));

    private static BigDecimal amount(String text) {
        return new BigDecimal(text);
    }

    @Test
    void depositNeedsAnAccount() {
        assertThatThrownBy(() -> new Deposit(null, amount("1"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("account is required.");
        assertThatThrownBy(() -> new Withdrawal(null, amount("1"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("account is required.");
    }

    @Test
    void amountsMustBePresentAndPositive() {
        assertThatThrownBy(() -> new Deposit(A, null, Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount is required, for example 25.00.");
        assertThatThrownBy(() -> new Deposit(A, amount("0"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be positive, got 0.");
        assertThatThrownBy(() -> new Withdrawal(A, amount("-5.00"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be positive, got -5.00.");
        assertThatThrownBy(() -> new Transfer(A, B, amount("-0.01"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("amount must be positive, got -0.01.");
    }

    @Test
    void idempotencyKeyIsRequired() {
        assertThatThrownBy(() -> new Deposit(A, amount("1"), Optional.empty(), null, null))
                .isInstanceOf(InvalidRequest.class).hasMessage("idempotency_key is required.");
        assertThatThrownBy(() -> new Reversal(5, "oops", null))
                .isInstanceOf(InvalidRequest.class).hasMessage("idempotency_key is required.");
    }

    @Test
    void transferNeedsTwoDifferentAccounts() {
        assertThatThrownBy(() -> new Transfer(null, B, amount("1"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("from_account is required.");
        assertThatThrownBy(() -> new Transfer(A, null, amount("1"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("to_account is required.");
        assertThatThrownBy(() -> new Transfer(A, A, amount("1"), Optional.empty(), null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("from_account and to_account are the same account " + A + ".");
    }

    @Test
    void reversalNeedsAPositiveTransactionId() {
        assertThatThrownBy(() -> new Reversal(0, null, KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("transaction_id must be a positive number.");
        assertThatThrownBy(() -> new Reversal(-3, null, KEY)).isInstanceOf(InvalidRequest.class);
        assertThat(new Reversal(3, "  duplicate charge ", KEY).reason()).isEqualTo("duplicate charge");
    }

    @Test
    void referencesAreTrimmedBlankIsNone() {
        assertThat(new Deposit(A, amount("1"), null, "  rent  ", KEY).reference()).isEqualTo("rent");
        assertThat(new Deposit(A, amount("1"), null, "   ", KEY).reference()).isNull();
        assertThat(new Deposit(A, amount("1"), null, null, KEY).currency()).isEmpty();
    }

    @Test
    void referencesAreLimitedAndMustBePrintable() {
        assertThat(new Deposit(A, amount("1"), Optional.empty(), "x".repeat(140), KEY).reference()).hasSize(140);
        assertThatThrownBy(() -> new Deposit(A, amount("1"), Optional.empty(), "x".repeat(141), KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("reference is limited to 140 characters.");
        assertThatThrownBy(() -> new Transfer(A, B, amount("1"), Optional.empty(), "line\nbreak", KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("reference must not contain control characters.");
        assertThatThrownBy(() -> new Withdrawal(A, amount("1"), Optional.empty(), "evil\u202Etxt", KEY))
                .isInstanceOf(InvalidRequest.class).hasMessage("reference must not contain control characters.");
        assertThat(Reference.clean("Miete für März 🏠")).isEqualTo("Miete für März 🏠");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankIdempotencyKeysAreRejected(String value) {
        assertThatThrownBy(() -> new IdempotencyKey(value))
                .isInstanceOf(InvalidRequest.class).hasMessageStartingWith("idempotency_key is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "tab\there", "ключ", "a\u0000"})
    void idempotencyKeysArePrintableAsciiWithoutSpaces(String value) {
        assertThatThrownBy(() -> new IdempotencyKey(value))
                .isInstanceOf(InvalidRequest.class)
                .hasMessage("idempotency_key must be 1 to 128 printable ASCII characters without spaces.");
    }

    @Test
    void idempotencyKeysAreAtMost128Characters() {
        assertThat(new IdempotencyKey("k".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> new IdempotencyKey("k".repeat(129))).isInstanceOf(InvalidRequest.class);
        assertThat(new IdempotencyKey("550e8400-e29b-41d4-a716-446655440000")).hasToString("550e8400-e29b-41d4-a716-446655440000");
    }

    @Test
    void fingerprintTreats250And250Point00AsTheSameRequest() {
        assertThat(new Deposit(A, amount("250"), Optional.empty(), null, KEY).fingerprint())
                .isEqualTo(new Deposit(A, amount("250.00"), Optional.empty(), null, KEY).fingerprint());
        assertThat(new Transfer(A, B, amount("2.5E+2"), EUR, "rent", KEY).fingerprint())
                .isEqualTo(new Transfer(A, B, amount("250.0"), EUR, " rent ", KEY).fingerprint());
    }

    @Test
    void fingerprintDiffersWhenAnyParameterDiffers() {
        String base = new Deposit(A, amount("250"), Optional.empty(), "rent", KEY).fingerprint();
        assertThat(new Deposit(B, amount("250"), Optional.empty(), "rent", KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Deposit(A, amount("250.01"), Optional.empty(), "rent", KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Deposit(A, amount("250"), EUR, "rent", KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Deposit(A, amount("250"), Optional.empty(), "food", KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Deposit(A, amount("250"), Optional.empty(), null, KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Withdrawal(A, amount("250"), Optional.empty(), "rent", KEY).fingerprint()).isNotEqualTo(base);
        assertThat(new Transfer(A, B, amount("1"), Optional.empty(), null, KEY).fingerprint())
                .isNotEqualTo(new Transfer(B, A, amount("1"), Optional.empty(), null, KEY).fingerprint());
        assertThat(new Reversal(1, null, KEY).fingerprint()).isNotEqualTo(new Reversal(2, null, KEY).fingerprint());
        // the key itself is not a parameter
        assertThat(new Deposit(A, amount("250"), Optional.empty(), "rent", new IdempotencyKey("other")).fingerprint()).isEqualTo(base);
    }

    @Test
    void eachCommandNamesItsKind() {
        assertThat(new Deposit(A, amount("1"), null, null, KEY).kind()).isEqualTo(EntryKind.DEPOSIT);
        assertThat(new Withdrawal(A, amount("1"), null, null, KEY).kind()).isEqualTo(EntryKind.WITHDRAWAL);
        assertThat(new Transfer(A, B, amount("1"), null, null, KEY).kind()).isEqualTo(EntryKind.TRANSFER);
        assertThat(new Reversal(1, null, KEY).kind()).isEqualTo(EntryKind.REVERSAL);
        assertThat(EntryKind.parse(" withdrawal ")).contains(EntryKind.WITHDRAWAL);
        assertThat(EntryKind.parse("refund")).isEmpty();
        assertThat(EntryKind.parse(null)).isEmpty();
    }
}
