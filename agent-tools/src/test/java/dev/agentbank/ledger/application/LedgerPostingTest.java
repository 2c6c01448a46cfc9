package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerPostingTest extends SharedBankTest {
    @AfterEach
    void booksStillBalance() {
        assertThat(bank.runtime().invariants().violations()).isEmpty();
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private AccountNumber emptyAccount() {
        return bank.account(bank.customer()).open();
    }

    private void assertEntryBalances(long transactionId, int legs) {
        assertThat(bank.queryLong("SELECT count(*) FROM posting WHERE entry_id = " + transactionId)).isEqualTo(legs);
        assertThat(bank.queryLong("SELECT sum(amount_minor) FROM posting WHERE entry_id = " + transactionId)).isZero();
    }

    @Test
    void depositPostsABalancedEntryAndRaisesTheCachedBalance() {
        AccountNumber account = emptyAccount();

        Receipt receipt = bank.deposit(account, "250.00");

        assertThat(receipt.kind()).isEqualTo(EntryKind.DEPOSIT);
        assertThat(receipt.reversesTransactionId()).isNull();
        assertThat(receipt.legs()).containsExactly(new Receipt.Leg(account, eur("250.00"), eur("250.00")));
        assertThat(bank.balance(account)).isEqualTo(eur("250.00"));
        assertEntryBalances(receipt.transactionId(), 2); // the customer's leg and the bank's settlement leg
        assertThat(bank.queryLong("SELECT p.amount_minor FROM posting p JOIN account a ON a.id = p.account_id "
                + "WHERE a.kind = 'SETTLEMENT' AND p.entry_id = " + receipt.transactionId())).isEqualTo(-25_000);
    }

    @Test
    void withdrawalPostsABalancedEntryAndLowersTheCachedBalance() {
        AccountNumber account = bank.checking("250.00");

        Receipt receipt = bank.withdraw(account, "19.99");

        assertThat(receipt.kind()).isEqualTo(EntryKind.WITHDRAWAL);
        assertThat(receipt.legs()).containsExactly(new Receipt.Leg(account, eur("-19.99"), eur("230.01")));
        assertThat(bank.balance(account)).isEqualTo(eur("230.01"));
        assertEntryBalances(receipt.transactionId(), 2);
    }

    @Test
    void transferMovesMoneyInOneBalancedEntryWithoutTouchingTheBank() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("5.00");

        Receipt receipt = bank.transfer(from, to, "40.50");

        assertThat(receipt.kind()).isEqualTo(EntryKind.TRANSFER);
        assertThat(receipt.legFor(from)).isEqualTo(new Receipt.Leg(from, eur("-40.50"), eur("59.50")));
        assertThat(receipt.legFor(to)).isEqualTo(new Receipt.Leg(to, eur("40.50"), eur("45.50")));
        assertThat(receipt.legs()).hasSize(2);
        assertThat(bank.balance(from)).isEqualTo(eur("59.50"));
        assertThat(bank.balance(to)).isEqualTo(eur("45.50"));
        assertEntryBalances(receipt.transactionId(), 2);
    }

    @Test
    void receiptLegsCarryTheBalanceAfterEachPosting() {
        AccountNumber account = emptyAccount();
        AccountNumber other = bank.checking("1000.00");

        assertThat(bank.deposit(account, "100").legFor(account).balanceAfter()).isEqualTo(eur("100.00"));
        assertThat(bank.withdraw(account, "30.25").legFor(account).balanceAfter()).isEqualTo(eur("69.75"));
        assertThat(bank.transfer(other, account, "0.25").legFor(account).balanceAfter()).isEqualTo(eur("70.00"));
        assertThat(bank.transfer(account, other, "70").legFor(account).balanceAfter()).isEqualTo(eur("0.00"));
        assertThat(bank.balance(account)).isEqualTo(eur("0.00"));
        assertThat(bank.balance(other)).isEqualTo(eur("1069.75"));
    }

    @Test
    void overdraftLetsTheBalanceGoNegativeUpToTheLimit() {
        AccountNumber account = bank.account(bank.customer()).overdraft("100.00").opening("50.00").open();

        Receipt receipt = bank.withdraw(account, "150.00");

        assertThat(receipt.legFor(account).balanceAfter()).isEqualTo(eur("-100.00"));
        LedgerOutcome more = bank.ledger().post(bank.teller,
                new Withdrawal(account, new BigDecimal("0.01"), Optional.empty(), null, newKey()));
        assertThat(more).isInstanceOfSatisfying(LedgerOutcome.Rejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(LedgerOutcome.Reason.INSUFFICIENT_FUNDS));
        assertThat(bank.balance(account)).isEqualTo(eur("-100.00"));
    }

    @Test
    void acceptsTheAccountsOwnCurrencyWhenTheCallerNamesIt() {
        AccountNumber account = emptyAccount();

        LedgerOutcome outcome = bank.ledger().post(bank.teller, new Deposit(account, new BigDecimal("12.34"),
                Optional.of(Currency.getInstance("EUR")), "salary", newKey()));

        Receipt receipt = TestBank.posted(outcome);
        assertThat(receipt.reference()).isEqualTo("salary");
        assertThat(bank.balance(account)).isEqualTo(eur("12.34"));
    }

    @Test
    void yenAccountsPostWholeYen() {
        AccountNumber yen = bank.account(bank.customer()).currency("JPY").open();

        Receipt receipt = bank.deposit(yen, "1500");

        assertThat(receipt.legFor(yen).balanceAfter()).isEqualTo(Money.of("1500", "JPY"));
        assertThat(bank.queryLong("SELECT balance_minor FROM account WHERE number = '" + yen.value() + "'")).isEqualTo(1500);
    }

    @Test
    void aPostedTransactionCanBeReadBackAsTheSameReceipt() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = emptyAccount();
        Receipt receipt = TestBank.posted(bank.ledger().post(bank.teller,
                new Transfer(from, to, new BigDecimal("12.00"), Optional.empty(), "lunch", newKey())));

        assertThat(bank.runtime().history().transaction(receipt.transactionId())).contains(receipt);
        assertThat(bank.runtime().history().transaction(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void eachPostingWritesOneAuditEventInTheSameTransaction() {
        AccountNumber account = bank.checking("10.00");
        TestBank.Snapshot before = bank.snapshot();

        Receipt receipt = bank.deposit(account, "1.00");

        TestBank.Snapshot after = bank.snapshot();
        assertThat(after.auditEvents()).isEqualTo(before.auditEvents() + 1);
        assertThat(after.journalEntries()).isEqualTo(before.journalEntries() + 1);
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'deposit' AND actor = 'teller:test' "
                + "AND subject = 'transaction:" + receipt.transactionId() + "' AND outcome = 'posted' "
                + "AND details LIKE '%\"amount\":1.00%'")).isEqualTo(1);
    }

    @Test
    void theJournalRecordsWhoActedAndUnderWhichKey() {
        AccountNumber account = emptyAccount();
        IdempotencyKey key = newKey();
        Receipt receipt = TestBank.posted(bank.ledger().post(TestBank.TELLER,
                new Deposit(account, BigDecimal.TEN, Optional.empty(), null, key)));

        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE id = " + receipt.transactionId()
                + " AND actor = 'teller:test' AND idempotency_key = '" + key.value() + "' AND kind = 'DEPOSIT'")).isEqualTo(1);
    }
}
