package dev.agentbank.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The double-entry rule as the domain checks it, before anything reaches the database. */
class NewEntryTest {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    private static NewEntry entry() {
        Commands.Transfer command = new Commands.Transfer(AccountNumber.fromSerial(1), AccountNumber.fromSerial(2),
                BigDecimal.TEN, Optional.empty(), "rent", new IdempotencyKey("k"));
        return new NewEntry(command, Actor.of("teller", "test"), command.reference(), null, NOW);
    }

    private static Account account(long serial, String overdraft) {
        return Account.open(AccountNumber.fromSerial(serial), 1L, AccountKind.CHECKING, EUR, Money.of(overdraft, "EUR"), NOW);
    }

    @Test
    void aBalancedEntryPassesAndItsReceiptShowsBalancesAfter() {
        Account from = account(1, "100");
        Account to = account(2, "0");
        NewEntry entry = entry().post(from, Money.of("-40", "EUR")).post(to, Money.of("40", "EUR"));

        assertThatNoException().isThrownBy(entry::requireBalanced);
        assertThat(entry.legs()).extracting(NewEntry.Leg::accountSeq).containsExactly(1L, 1L);
        Receipt receipt = entry.receipt(77);
        assertThat(receipt.transactionId()).isEqualTo(77);
        assertThat(receipt.kind()).isEqualTo(EntryKind.TRANSFER);
        assertThat(receipt.reference()).isEqualTo("rent");
        assertThat(receipt.postedAt()).isEqualTo(NOW);
        assertThat(receipt.legs()).containsExactly(
                new Receipt.Leg(from.number(), Money.of("-40", "EUR"), Money.of("-40", "EUR")),
                new Receipt.Leg(to.number(), Money.of("40", "EUR"), Money.of("40", "EUR")));
    }

    @Test
    void anUnbalancedEntryIsRefused() {
        NewEntry entry = entry().post(account(1, "100"), Money.of("-40", "EUR")).post(account(2, "0"), Money.of("39.99", "EUR"));

        assertThatThrownBy(entry::requireBalanced).isInstanceOf(IllegalStateException.class).hasMessageContaining("unbalanced");
    }

    @Test
    void anEntryNeedsAtLeastTwoLegs() {
        assertThatThrownBy(entry()::requireBalanced).isInstanceOf(IllegalStateException.class);
        NewEntry single = entry().post(account(2, "0"), Money.of("10", "EUR"));
        assertThatThrownBy(single::requireBalanced).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void legsMustBalancePerCurrencyNotInTotal() {
        Account dollars = Account.open(AccountNumber.fromSerial(3), 1L, AccountKind.CHECKING, Currency.getInstance("USD"),
                Money.of("100", "USD"), NOW);
        NewEntry entry = entry().post(account(1, "100"), Money.of("-10", "EUR")).post(dollars, Money.of("10", "USD"));

        assertThatThrownBy(entry::requireBalanced).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLegThatWouldBreakTheOverdraftIsRefusedOnTheSpot() {
        assertThatThrownBy(() -> entry().post(account(1, "10"), Money.of("-10.01", "EUR")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("overdraft");
    }

    @Test
    void settlementLegsCarryNoPositionOrBalanceAndStayOffTheReceipt() {
        Account customer = account(1, "0");
        NewEntry entry = entry().post(customer, Money.of("25", "EUR")).post(Account.settlement(EUR, NOW), Money.of("-25", "EUR"));

        assertThatNoException().isThrownBy(entry::requireBalanced);
        NewEntry.Leg bankLeg = entry.legs().get(1);
        assertThat(bankLeg.accountSeq()).isNull();
        assertThat(bankLeg.balanceAfter()).isNull();
        assertThat(entry.receipt(1).legs()).extracting(Receipt.Leg::account).containsExactly(customer.number());
    }
}
