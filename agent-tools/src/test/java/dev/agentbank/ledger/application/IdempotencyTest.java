package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdempotencyTest extends SharedBankTest {
    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static Deposit deposit(AccountNumber account, String amount, IdempotencyKey key) {
        return new Deposit(account, new BigDecimal(amount), Optional.empty(), null, key);
    }

    private static long entriesFor(Actor actor, IdempotencyKey key) {
        return bank.queryLong("SELECT count(*) FROM journal_entry WHERE actor = '" + actor.id() + "' AND idempotency_key = '"
                + key.value() + "'");
    }

    @Test
    void replaysTheSameRequestWithTheSameTransactionAndPostsNothingMore() {
        AccountNumber account = bank.account(bank.customer()).open();
        IdempotencyKey key = newKey();
        Receipt first = TestBank.posted(bank.ledger().post(bank.teller, deposit(account, "250.00", key)));
        TestBank.Snapshot afterFirst = bank.snapshot();

        LedgerOutcome again = bank.ledger().post(bank.teller, deposit(account, "250.00", key));

        assertThat(again).isEqualTo(new Posted(first, true));
        assertThat(bank.snapshot()).isEqualTo(afterFirst);
        assertThat(bank.balance(account)).isEqualTo(eur("250.00"));
        assertThat(entriesFor(bank.teller, key)).isEqualTo(1);
    }

    @Test
    void treats250And250Point00AsTheSameRequest() {
        AccountNumber account = bank.account(bank.customer()).open();
        IdempotencyKey key = newKey();
        Receipt first = TestBank.posted(bank.ledger().post(bank.teller, deposit(account, "250", key)));

        LedgerOutcome again = bank.ledger().post(bank.teller, deposit(account, "250.00", key));

        assertThat(again).isInstanceOfSatisfying(Posted.class, posted -> {
            assertThat(posted.replayed()).isTrue();
            assertThat(posted.receipt().transactionId()).isEqualTo(first.transactionId());
        });
        assertThat(bank.balance(account)).isEqualTo(eur("250.00"));
    }

    @Test
    void aRetriedWithdrawalStillReplaysAfterTheBalanceChanged() {
        AccountNumber account = bank.checking("100.00");
        IdempotencyKey key = newKey();
        Withdrawal withdrawal = new Withdrawal(account, new BigDecimal("80.00"), Optional.empty(), null, key);
        Receipt first = TestBank.posted(bank.ledger().post(bank.teller, withdrawal));
        bank.freeze(account);

        LedgerOutcome again = bank.ledger().post(bank.teller, withdrawal);

        assertThat(again).isEqualTo(new Posted(first, true));
        assertThat(bank.balance(account)).isEqualTo(eur("20.00"));
    }

    @Test
    void rejectsTheSameKeyWithDifferentParameters() {
        AccountNumber account = bank.checking("100.00");
        AccountNumber other = bank.checking("0.00");
        IdempotencyKey key = newKey();
        TestBank.posted(bank.ledger().post(bank.teller, deposit(account, "10.00", key)));
        TestBank.Snapshot before = bank.snapshot();

        List<LedgerOutcome> reuses = List.of(
                bank.ledger().post(bank.teller, deposit(account, "10.01", key)),
                bank.ledger().post(bank.teller, deposit(other, "10.00", key)),
                bank.ledger().post(bank.teller, new Deposit(account, new BigDecimal("10.00"), Optional.empty(), "other ref", key)),
                bank.ledger().post(bank.teller, new Withdrawal(account, new BigDecimal("10.00"), Optional.empty(), null, key)),
                bank.ledger().post(bank.teller, new Transfer(account, other, new BigDecimal("10.00"), Optional.empty(), null, key)));

        assertThat(reuses).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reason()).isEqualTo(Reason.IDEMPOTENCY_KEY_REUSED);
            assertThat(rejected.message()).contains(key.value()).contains("different request");
        }));
        assertThat(bank.snapshot()).isEqualTo(before);
        assertThat(bank.balance(account)).isEqualTo(eur("110.00"));
    }

    @Test
    void keysAreScopedPerActor() {
        AccountNumber account = bank.account(bank.customer()).open();
        IdempotencyKey key = new IdempotencyKey("shared-key-" + System.nanoTime());
        Actor alice = Actor.of("customer", "alice");
        Actor bob = Actor.of("customer", "bob");

        Receipt byAlice = TestBank.posted(bank.ledger().post(alice, deposit(account, "5.00", key)));
        Receipt byBob = TestBank.posted(bank.ledger().post(bob, deposit(account, "5.00", key)));

        assertThat(byBob.transactionId()).isNotEqualTo(byAlice.transactionId());
        assertThat(bank.balance(account)).isEqualTo(eur("10.00"));
        assertThat(bank.ledger().post(alice, deposit(account, "5.00", key))).isEqualTo(new Posted(byAlice, true));
        assertThat(entriesFor(alice, key)).isEqualTo(1);
        assertThat(entriesFor(bob, key)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicateDepositsPostExactlyOnce() throws Exception {
        AccountNumber account = bank.account(bank.customer()).open();
        IdempotencyKey key = newKey();
        Deposit request = deposit(account, "42.00", key);

        List<LedgerOutcome> outcomes = concurrently(8, () -> bank.ledger().post(bank.teller, request));

        assertPostedExactlyOnce(outcomes);
        assertThat(bank.balance(account)).isEqualTo(eur("42.00"));
        assertThat(entriesFor(bank.teller, key)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicateTransfersPostExactlyOnce() throws Exception {
        AccountNumber from = bank.checking("100.00");
        AccountNumber to = bank.checking("0.00");
        IdempotencyKey key = newKey();
        Transfer request = new Transfer(from, to, new BigDecimal("60.00"), Optional.empty(), null, key);

        List<LedgerOutcome> outcomes = concurrently(8, () -> bank.ledger().post(bank.teller, request));

        assertPostedExactlyOnce(outcomes);
        assertThat(bank.balance(from)).isEqualTo(eur("40.00"));
        assertThat(bank.balance(to)).isEqualTo(eur("60.00"));
        assertThat(entriesFor(bank.teller, key)).isEqualTo(1);
    }

    private static void assertPostedExactlyOnce(List<LedgerOutcome> outcomes) {
        assertThat(outcomes).hasSize(8).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(Posted.class));
        List<Posted> posted = outcomes.stream().map(Posted.class::cast).toList();
        assertThat(posted).filteredOn(p -> !p.replayed()).hasSize(1);
        assertThat(posted).extracting(p -> p.receipt().transactionId()).containsOnly(posted.getFirst().receipt().transactionId());
    }

    private static List<LedgerOutcome> concurrently(int threads, Callable<LedgerOutcome> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LedgerOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<LedgerOutcome> outcomes = new ArrayList<>();
            for (Future<LedgerOutcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
