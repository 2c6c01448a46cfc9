package dev.agentbank.accounts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class AccountTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

    private static Account account(String overdraft) {
        return Account.open(AccountNumber.fromSerial(7), 1L, AccountKind.CHECKING, EUR, Money.of(overdraft, "EUR"), NOW);
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    @Test
    void opensEmptyAndOpen() {
        Account account = account("0");
        assertThat(account.balance()).isEqualTo(eur("0"));
        assertThat(account.available()).isEqualTo(eur("0"));
        assertThat(account.status()).isEqualTo(AccountStatus.OPEN);
        assertThat(account.kind()).isEqualTo(AccountKind.CHECKING);
        assertThat(account.currency()).isEqualTo(EUR);
        assertThat(account.customerId()).isEqualTo(1L);
        assertThat(account.openedAt()).isEqualTo(NOW);
        assertThat(account.isSettlement()).isFalse();
        assertThat(account.number()).isEqualTo(AccountNumber.fromSerial(7));
    }

    @Test
    void refusesToDebitMoreThanTheBalanceWithoutOverdraft() {
        Account account = account("0");
        account.apply(eur("100.00"));

        assertThat(account.refusalToDebit(eur("100.00"))).isEmpty();
        Refusal refusal = account.refusalToDebit(eur("100.01")).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(Refusal.Reason.INSUFFICIENT_FUNDS);
        assertThat(refusal.message()).isEqualTo("Insufficient funds in " + account.number()
                + ": available 100.00 EUR, requested 100.01 EUR.");
    }

    @Test
    void letsTheOverdraftBeUsedButNotExceeded() {
        Account account = account("50.00");
        account.apply(eur("10.00"));

        assertThat(account.available()).isEqualTo(eur("60.00"));
        assertThat(account.refusalToDebit(eur("60.00"))).isEmpty();
        assertThat(account.refusalToDebit(eur("60.01")).orElseThrow().reason()).isEqualTo(Refusal.Reason.INSUFFICIENT_FUNDS);

        account.apply(eur("-60.00"));
        assertThat(account.balance()).isEqualTo(eur("-50.00"));
        assertThat(account.refusalToDebit(eur("0.01")).orElseThrow().message()).contains("available 0.00 EUR");
    }

    @Test
    void applyRefusesToBreakTheOverdraftRuleEvenIfAskedDirectly() {
        Account account = account("20.00");
        assertThatThrownBy(() -> account.apply(eur("-20.01"))).isInstanceOf(IllegalStateException.class);
        assertThat(account.balance()).isEqualTo(eur("0"));
        account.apply(eur("-20.00"));
        assertThat(account.balance()).isEqualTo(eur("-20.00"));
    }

    @Test
    void applyNumbersEachPostingInTheAccountsHistory() {
        Account account = account("0");
        assertThat(account.apply(eur("5"))).isEqualTo(1);
        assertThat(account.apply(eur("-2"))).isEqualTo(2);
        assertThat(account.apply(eur("1"))).isEqualTo(3);
        assertThat(account.balance()).isEqualTo(eur("4.00"));
    }

    @Test
    void aFrozenAccountCanNeitherGiveNorReceive() {
        Account account = account("100.00");
        account.apply(eur("500"));
        account.freeze();

        assertThat(account.status()).isEqualTo(AccountStatus.FROZEN);
        Refusal debit = account.refusalToDebit(eur("1")).orElseThrow();
        assertThat(debit.reason()).isEqualTo(Refusal.Reason.ACCOUNT_NOT_OPEN);
        assertThat(debit.message()).isEqualTo("Account " + account.number()
                + " is frozen: no money can leave it. The customer can contact the bank.");
        assertThat(account.refusalToCredit(eur("1"))).as("credits still arrive").isEmpty();
    }

    @Test
    void refusesAnotherCurrency() {
        Account account = account("0");
        account.apply(eur("500"));
        Money dollars = Money.of("1", "USD");

        Refusal credit = account.refusalToCredit(dollars).orElseThrow();
        assertThat(credit.reason()).isEqualTo(Refusal.Reason.CURRENCY_MISMATCH);
        assertThat(credit.message()).isEqualTo("Account " + account.number() + " holds EUR, not USD.");
        assertThat(account.refusalToDebit(dollars).orElseThrow().reason()).isEqualTo(Refusal.Reason.CURRENCY_MISMATCH);
    }

    @Test
    void creditsNeedNoFunds() {
        assertThat(account("0").refusalToCredit(eur("999999"))).isEmpty();
    }

    @Test
    void rejectsBadOpenings() {
        assertThatThrownBy(() -> Account.open(AccountNumber.fromSerial(1), 1L, AccountKind.SETTLEMENT, EUR, eur("0"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Account.open(AccountNumber.fromSerial(1), 1L, AccountKind.CHECKING, EUR, eur("-1"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Account.open(AccountNumber.fromSerial(1), 1L, AccountKind.CHECKING, EUR, Money.of("5", "USD"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void settlementAccountsHaveNoCachedBalanceAndNeverRunOutOfFunds() {
        Account bank = Account.settlement(EUR, NOW);
        assertThat(bank.isSettlement()).isTrue();
        assertThat(bank.rawNumber()).isEqualTo("SETTLEMENT-EUR");
        assertThat(bank.customerId()).isNull();
        assertThat(bank.refusalToDebit(eur("1000000"))).isEmpty();
        assertThat(bank.apply(eur("-1000000"))).isZero();
        assertThatThrownBy(bank::balance).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void customerKindsParseLeniently() {
        assertThat(AccountKind.parseCustomerKind(" Checking ")).contains(AccountKind.CHECKING);
        assertThat(AccountKind.parseCustomerKind("SAVINGS")).contains(AccountKind.SAVINGS);
        assertThat(AccountKind.parseCustomerKind("settlement")).isEmpty();
        assertThat(AccountKind.parseCustomerKind(null)).isEmpty();
    }
}
