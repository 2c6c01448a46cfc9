package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Currency;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every refused request is a value naming the reason, and it writes nothing at all. */
class LedgerRejectionTest extends SharedBankTest {
    private static final AccountNumber UNKNOWN = AccountNumber.fromSerial(99_999_999L);

    private static AccountNumber alice;
    private static AccountNumber bob;
    private static AccountNumber dollars;
    private static AccountNumber frozen;

    @BeforeAll
    static void openAccounts() {
        alice = bank.checking("250.00");
        bob = bank.checking("10.00");
        // funded, so the USD settlement account already exists
        dollars = bank.account(bank.customer()).currency("USD").opening("100.00").open();
        frozen = bank.checking("50.00");
        bank.freeze(frozen);
    }

    @AfterAll
    static void rejectionsMovedNothing() {
        assertThat(bank.balance(alice)).isEqualTo(Money.of("250.00", "EUR"));
        assertThat(bank.balance(bob)).isEqualTo(Money.of("10.00", "EUR"));
    }

    /** Runs the request, checks it was rejected for {@code reason} and that the database did not change. */
    private static String rejectedWithoutChange(Reason reason, Supplier<LedgerOutcome> request) {
        TestBank.Snapshot before = bank.snapshot();
        LedgerOutcome outcome = request.get();
        assertThat(outcome).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) outcome;
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(bank.snapshot()).isEqualTo(before);
        return rejected.message();
    }

    private static BigDecimal amount(String text) {
        return new BigDecimal(text);
    }

    private static LedgerOutcome deposit(AccountNumber account, String amount) {
        return bank.ledger().post(bank.teller, new Deposit(account, amount(amount), Optional.empty(), null, newKey()));
    }

    private static LedgerOutcome withdraw(AccountNumber account, String amount) {
        return bank.ledger().post(bank.teller, new Withdrawal(account, amount(amount), Optional.empty(), null, newKey()));
    }

    private static LedgerOutcome transfer(AccountNumber from, AccountNumber to, String amount) {
        return bank.ledger().post(bank.teller, new Transfer(from, to, amount(amount), Optional.empty(), null, newKey()));
    }

    @Test
    void rejectsWithdrawalWhenFundsAreInsufficient() {
        String message = rejectedWithoutChange(Reason.INSUFFICIENT_FUNDS, () -> withdraw(alice, "250.01"));
        assertThat(message).isEqualTo("Insufficient funds in " + alice + ": available 250.00 EUR, requested 250.01 EUR.");
    }

    @Test
    void rejectsTransferWhenFundsAreInsufficient() {
        String message = rejectedWithoutChange(Reason.INSUFFICIENT_FUNDS, () -> transfer(bob, alice, "10.01"));
        assertThat(message).contains(bob.value()).contains("available 10.00 EUR");
    }

    @Test
    void rejectsWithdrawalFromAFrozenAccountEvenWithFundsWithoutSayingWhy() {
        String message = rejectedWithoutChange(Reason.ACCOUNT_NOT_OPEN, () -> withdraw(frozen, "1.00"));
        assertThat(message).isEqualTo("Account " + frozen + " is frozen: no money can leave it. The customer can contact the bank.");
    }

    @Test
    void rejectsTransferFromAFrozenAccount() {
        rejectedWithoutChange(Reason.ACCOUNT_NOT_OPEN, () -> transfer(frozen, alice, "1.00"));
    }


    @Test
    void rejectsDepositToAnUnknownAccount() {
        String message = rejectedWithoutChange(Reason.ACCOUNT_NOT_FOUND, () -> deposit(UNKNOWN, "1.00"));
        assertThat(message).isEqualTo("No account " + UNKNOWN + " was found.");
    }

    @Test
    void rejectsWithdrawalFromAnUnknownAccount() {
        rejectedWithoutChange(Reason.ACCOUNT_NOT_FOUND, () -> withdraw(UNKNOWN, "1.00"));
    }

    @Test
    void rejectsTransferNamingWhicheverAccountIsUnknown() {
        assertThat(rejectedWithoutChange(Reason.ACCOUNT_NOT_FOUND, () -> transfer(alice, UNKNOWN, "1.00"))).contains(UNKNOWN.value());
        assertThat(rejectedWithoutChange(Reason.ACCOUNT_NOT_FOUND, () -> transfer(UNKNOWN, alice, "1.00"))).contains(UNKNOWN.value());
    }

    @Test
    void rejectsTransferBetweenCurrencies() {
        String message = rejectedWithoutChange(Reason.CURRENCY_MISMATCH, () -> transfer(alice, dollars, "1.00"));
        assertThat(message).contains("currency exchange is not offered");
        rejectedWithoutChange(Reason.CURRENCY_MISMATCH, () -> transfer(dollars, alice, "1.00"));
    }

    @Test
    void rejectsDepositNamingAnotherCurrencyThanTheAccounts() {
        String message = rejectedWithoutChange(Reason.CURRENCY_MISMATCH, () -> bank.ledger().post(bank.teller,
                new Deposit(alice, amount("1.00"), Optional.of(Currency.getInstance("USD")), null, newKey())));
        assertThat(message).isEqualTo("Account " + alice + " holds EUR, not USD.");
        rejectedWithoutChange(Reason.CURRENCY_MISMATCH, () -> bank.ledger().post(bank.teller,
                new Withdrawal(dollars, amount("1.00"), Optional.of(Currency.getInstance("EUR")), null, newKey())));
        rejectedWithoutChange(Reason.CURRENCY_MISMATCH, () -> bank.ledger().post(bank.teller,
                new Transfer(alice, bob, amount("1.00"), Optional.of(Currency.getInstance("GBP")), null, newKey())));
    }

    @Test
    void rejectsTransferToTheSameAccountBeforeReachingTheLedger() {
        TestBank.Snapshot before = bank.snapshot();
        assertThatThrownBy(() -> transfer(alice, alice, "1.00"))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("are the same account");
        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Test
    void rejectsAmountWithThreeDecimalsInEuro() {
        String message = rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> deposit(alice, "1.001"));
        assertThat(message).isEqualTo("EUR amounts have at most 2 decimals, got '1.001'.");
        rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> withdraw(alice, "0.005"));
        rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> transfer(alice, bob, "10.999"));
    }

    @Test
    void acceptsTrailingZerosBeyondTheCurrencyScale() {
        AccountNumber account = bank.account(bank.customer()).open();
        Receipt receipt = TestBank.posted(deposit(account, "1.000"));
        assertThat(receipt.legFor(account).amount()).isEqualTo(Money.of("1.00", "EUR"));
    }

    @Test
    void rejectsYenWithDecimals() {
        AccountNumber yen = bank.account(bank.customer()).currency("JPY").opening("100").open();
        assertThat(rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> deposit(yen, "1.5"))).contains("JPY amounts have at most 0 decimals");
    }

    @Test
    void rejectsAmountAboveTheMaximum() {
        String message = rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> deposit(alice, "1000000.01"));
        assertThat(message).isEqualTo("Amount 1000000.01 EUR is above the maximum of 1000000.00 per operation.");
        rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> withdraw(alice, "9999999999999999999"));
        rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> transfer(alice, bob, "1000000.01"));
    }

    @Test
    void rejectsAmountAboveAConfiguredMaximum() {
        try (TestBank small = TestBank.create(Clock.systemUTC(), Map.of("BANK_MAX_AMOUNT", "100.00"))) {
            AccountNumber account = small.checking("100.00");
            TestBank.Snapshot before = small.snapshot();
            LedgerOutcome outcome = small.ledger().post(small.teller,
                    new Deposit(account, amount("100.01"), Optional.empty(), null, newKey()));
            assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(Reason.INVALID_AMOUNT);
                assertThat(rejected.message()).contains("above the maximum of 100.00");
            });
            assertThat(small.snapshot()).isEqualTo(before);
        }
    }

    @Test
    void rejectsNegativeAndZeroAmountsBeforeReachingTheLedger() {
        TestBank.Snapshot before = bank.snapshot();
        assertThatThrownBy(() -> deposit(alice, "-5.00")).isInstanceOf(InvalidRequest.class).hasMessage("amount must be positive, got -5.00.");
        assertThatThrownBy(() -> withdraw(alice, "0")).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> transfer(alice, bob, "-1")).isInstanceOf(InvalidRequest.class);
        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Test
    void aRejectedRequestLeavesItsKeyFreeForTheRetryThatCanSucceed() {
        AccountNumber account = bank.checking("5.00");
        IdempotencyKey key = newKey();
        Withdrawal withdrawal = new Withdrawal(account, amount("8.00"), Optional.empty(), null, key);

        rejectedWithoutChange(Reason.INSUFFICIENT_FUNDS, () -> bank.ledger().post(bank.teller, withdrawal));
        bank.deposit(account, "3.00");
        Receipt receipt = TestBank.posted(bank.ledger().post(bank.teller, withdrawal));

        assertThat(receipt.legFor(account).balanceAfter()).isEqualTo(Money.of("0.00", "EUR"));
    }

    /**
     * A request refused on an account whose currency the bank has not settled before must not write either:
     * {@link LedgerOutcome.Rejected} promises "Nothing was written".
     */
    @Test
    void rejectsARequestOnAnAccountInANewCurrencyWithoutWritingAnything() {
        AccountNumber pounds = bank.account(bank.customer()).currency("GBP").open();

        rejectedWithoutChange(Reason.INVALID_AMOUNT, () -> deposit(pounds, "1.001"));
    }
}
