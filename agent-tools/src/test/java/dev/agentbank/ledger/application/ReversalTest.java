package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Reversal;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReversalTest extends SharedBankTest {
    @AfterEach
    void booksStillBalance() {
        assertThat(bank.runtime().invariants().violations()).isEmpty();
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static LedgerOutcome reverse(long transactionId) {
        return bank.ledger().post(bank.teller, new Reversal(transactionId, "customer complaint", newKey()));
    }

    private static String rejectedWithoutChange(Reason reason, long transactionId) {
        TestBank.Snapshot before = bank.snapshot();
        LedgerOutcome outcome = reverse(transactionId);
        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat(((Rejected) outcome).reason()).isEqualTo(reason);
        assertThat(bank.snapshot()).isEqualTo(before);
        return ((Rejected) outcome).message();
    }

    private static List<String> postingRows(long transactionId) {
        List<String> rows = new ArrayList<>();
        try (var connection = bank.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT id, account_id, account_seq, amount_minor, balance_after_minor, posted_at "
                     + "FROM posting WHERE entry_id = " + transactionId + " ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|"
                        + rs.getString(5) + "|" + rs.getString(6));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    @Test
    void reversingATransferAddsAMirrorEntryAndLeavesTheOriginalUntouched() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt original = bank.transfer(from, to, "40.00");
        List<String> originalRows = postingRows(original.transactionId());

        Receipt reversal = TestBank.posted(reverse(original.transactionId()));

        assertThat(reversal.kind()).isEqualTo(EntryKind.REVERSAL);
        assertThat(reversal.reversesTransactionId()).isEqualTo(original.transactionId());
        assertThat(reversal.transactionId()).isNotEqualTo(original.transactionId());
        assertThat(reversal.reference()).isEqualTo("customer complaint");
        assertThat(reversal.legFor(from)).isEqualTo(new Receipt.Leg(from, eur("40.00"), eur("100.00")));
        assertThat(reversal.legFor(to)).isEqualTo(new Receipt.Leg(to, eur("-40.00"), eur("0.00")));
        assertThat(bank.balance(from)).isEqualTo(eur("100.00"));
        assertThat(bank.balance(to)).isEqualTo(eur("0.00"));
        assertThat(postingRows(original.transactionId())).isEqualTo(originalRows);
        assertThat(bank.runtime().history().transaction(original.transactionId())).contains(original);
        assertThat(bank.queryLong("SELECT sum(amount_minor) FROM posting WHERE entry_id IN ("
                + original.transactionId() + ", " + reversal.transactionId() + ")")).isZero();
    }

    @Test
    void reversingADepositTakesTheMoneyBackOut() {
        AccountNumber account = bank.checking("10.00");
        Receipt deposit = bank.deposit(account, "25.00");

        LedgerOutcome outcome = reverse(deposit.transactionId());

        Receipt reversal = TestBank.posted(outcome);
        assertThat(reversal.legFor(account)).isEqualTo(new Receipt.Leg(account, eur("-25.00"), eur("10.00")));
        assertThat(bank.balance(account)).isEqualTo(eur("10.00"));
    }

    @Test
    void reversingAWithdrawalPutsTheMoneyBack() {
        AccountNumber account = bank.checking("10.00");
        Receipt withdrawal = bank.withdraw(account, "4.00");

        LedgerOutcome outcome = reverse(withdrawal.transactionId());

        Receipt reversal = TestBank.posted(outcome);
        assertThat(reversal.legFor(account).balanceAfter()).isEqualTo(eur("10.00"));
        assertThat(bank.balance(account)).isEqualTo(eur("10.00"));
    }

    @Test
    void reversingTwiceIsAlreadyReversed() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt original = bank.transfer(from, to, "10.00");
        TestBank.posted(reverse(original.transactionId()));

        String message = rejectedWithoutChange(Reason.ALREADY_REVERSED, original.transactionId());

        assertThat(message).isEqualTo("Transaction " + original.transactionId() + " has already been reversed.");
        assertThat(bank.balance(from)).isEqualTo(eur("100.00"));
    }

    @Test
    void reversingAReversalIsNotReversible() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt reversal = TestBank.posted(reverse(bank.transfer(from, to, "10.00").transactionId()));

        String message = rejectedWithoutChange(Reason.NOT_REVERSIBLE, reversal.transactionId());

        assertThat(message).contains("itself a reversal");
    }

    @Test
    void reversingAnUnknownTransactionIsNotFound() {
        assertThat(rejectedWithoutChange(Reason.TRANSACTION_NOT_FOUND, 987_654_321L)).isEqualTo("No transaction 987654321 was found.");
    }

    @Test
    void aReversalThatWouldOverdrawIsRejected() {
        AccountNumber payer = bank.checking("100.00");
        AccountNumber payee = bank.checking("0.00");
        AccountNumber elsewhere = bank.checking("0.00");
        Receipt original = bank.transfer(payer, payee, "100.00");
        bank.transfer(payee, elsewhere, "60.00");

        String message = rejectedWithoutChange(Reason.INSUFFICIENT_FUNDS, original.transactionId());

        assertThat(message).contains(payee.value());
        assertThat(bank.balance(payee)).isEqualTo(eur("40.00"));
        assertThat(bank.balance(payer)).isEqualTo(eur("0.00"));
    }

    @Test
    void aReversalTakesTheMoneyBackOutOfAFrozenAccount() {
        // freezing stops the customer, not the bank: an analyst freezes a mule's account, then a teller reverses
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt original = bank.transfer(from, to, "10.00");
        bank.freeze(to);

        assertThat(reverse(original.transactionId())).isInstanceOf(LedgerOutcome.Posted.class);
        assertThat(bank.balance(to)).isEqualTo(eur("0.00"));
        assertThat(bank.balance(from)).isEqualTo(eur("100.00"));
        assertThat(bank.runtime().accounts().find(to).orElseThrow().status().name()).isEqualTo("FROZEN");
    }

    @Test
    void aRetriedReversalReplays() {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt original = bank.transfer(from, to, "10.00");
        Reversal request = new Reversal(original.transactionId(), "typo", newKey());
        Receipt first = TestBank.posted(bank.ledger().post(bank.teller, request));

        assertThat(bank.ledger().post(bank.teller, request)).isEqualTo(new Posted(first, true));
        assertThat(bank.balance(from)).isEqualTo(eur("100.00"));
    }

    @Test
    void concurrentReversalsOfOneTransactionPostOnce() throws Exception {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        Receipt original = bank.transfer(from, to, "30.00");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<LedgerOutcome> outcomes = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LedgerOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return reverse(original.transactionId());
                }));
            }
            start.countDown();
            for (Future<LedgerOutcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).filteredOn(Posted.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(Rejected.class::isInstance)
                .extracting(o -> ((Rejected) o).reason()).containsOnly(Reason.ALREADY_REVERSED).hasSize(5);
        assertThat(bank.balance(from)).isEqualTo(eur("100.00"));
        assertThat(bank.balance(to)).isEqualTo(eur("0.00"));
    }
}
