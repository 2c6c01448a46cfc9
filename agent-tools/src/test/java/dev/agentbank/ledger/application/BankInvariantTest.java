package dev.agentbank.ledger.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.audit.AuditChain;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.Commands.Command;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Reversal;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Jepsen-style: many workers hammer a dozen accounts with deposits, withdrawals, transfers, reversals, retries,
 * racing duplicates and invalid requests. Afterwards the books must agree with what the workers were told.
 */
class BankInvariantTest {
    private static final int ACCOUNTS = 12;
    private static final int WORKERS = 8;
    private static final int OPS_PER_WORKER = 800;
    private static final long OPENING_MINOR = 50_000; // 500.00 EUR each
    private static final long SEED = Long.getLong("bank.invariant.seed", System.nanoTime());

    /** A request that posted, kept so a worker can retry it later with the same key and parameters. */
    private record Issued(Actor actor, Command command, long transactionId) {}

    private final List<AccountNumber> accounts = new ArrayList<>();
    private final ConcurrentLinkedQueue<Receipt> fresh = new ConcurrentLinkedQueue<>();
    private final List<Issued> issued = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> tally = new ConcurrentHashMap<>();
    private TestBank bank;
    private ExecutorService twins;

    @Test
    void concurrentWorkloadKeepsTheBooksSound() throws Exception {
        try (TestBank opened = TestBank.create()) {
            bank = opened;
            for (int c = 0; c < 4; c++) {
                long customer = bank.customer();
                for (int a = 0; a < ACCOUNTS / 4; a++) {
                    // every third account may go up to 100.00 .. 400.00 into overdraft
                    String overdraft = a == 0 ? (100 * (c + 1)) + ".00" : "0";
                    AccountNumber number = bank.account(customer).overdraft(overdraft).open();
                    accounts.add(number);
                    fresh.add(bank.deposit(number, BigDecimal.valueOf(OPENING_MINOR, 2).toPlainString()));
                }
            }

            twins = Executors.newFixedThreadPool(4);
            ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    int worker = w;
                    done.add(workers.submit(() -> {
                        start.await();
                        work(worker, new Random(SEED + worker));
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> future : done) {
                    future.get(150, TimeUnit.SECONDS);
                }
            } finally {
                workers.shutdownNow();
                twins.shutdownNow();
            }

            assertThat(errors).as("unexpected answers (seed %d)", SEED).isEmpty();
            assertBooksAgreeWithWhatWorkersWereTold();
        }
    }

    // ---- the workload -------------------------------------------------------------------------------------

    private void work(int worker, Random random) {
        Actor actor = Actor.of("worker", "w" + worker);
        for (int op = 0; op < OPS_PER_WORKER; op++) {
            double dice = random.nextDouble();
            String what = "?";
            try {
                if (dice < 0.10) {
                    what = "retry";
                    retry(random);
                } else if (dice < 0.13) {
                    what = "racing twins";
                    twins(actor, random);
                } else if (dice < 0.20) {
                    what = "invalid";
                    invalid(actor, random);
                } else if (dice < 0.24) {
                    what = "reversal";
                    reversal(actor, random);
                } else {
                    what = "movement";
                    Command command = movement(random);
                    expectPostedOrRefused(actor, command, send(actor, command), Set.of(Reason.INSUFFICIENT_FUNDS));
                }
            } catch (Throwable e) {
                errors.add(what + " by " + actor + " threw " + e);
            }
        }
    }

    private Command movement(Random random) {
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(20_000), 2);
        AccountNumber account = randomAccount(random);
        double kind = random.nextDouble();
        if (kind < 0.3) {
            return new Deposit(account, amount, Optional.empty(), null, newKey());
        }
        if (kind < 0.6) {
            return new Withdrawal(account, amount, Optional.empty(), null, newKey());
        }
        AccountNumber other = randomAccount(random);
        while (other.equals(account)) {
            other = randomAccount(random);
        }
        return new Transfer(account, other, amount, Optional.empty(), random.nextBoolean() ? "ref " + random.nextInt(100) : null, newKey());
    }

    private void retry(Random random) {
        Optional<Issued> earlier = randomIssued(random);
        if (earlier.isEmpty()) {
            return;
        }
        Issued original = earlier.get();
        // "250" and "250.00" are the same request
        Command again = switch (original.command()) {
            case Deposit d -> new Deposit(d.account(), d.amount().setScale(4), d.currency(), d.reference(), d.idempotencyKey());
            case Withdrawal w -> new Withdrawal(w.account(), w.amount().stripTrailingZeros(), w.currency(), w.reference(), w.idempotencyKey());
            case Command other -> other;
        };
        LedgerOutcome outcome = send(original.actor(), again);
        count("retry");
        if (!(outcome instanceof Posted posted) || !posted.replayed() || posted.receipt().transactionId() != original.transactionId()) {
            errors.add("retry of " + original + " answered " + outcome);
        } else {
            count("replayed");
        }
    }

    private void twins(Actor actor, Random random) throws Exception {
        Command command = movement(random);
        Future<LedgerOutcome> twin = twins.submit(() -> send(actor, command));
        LedgerOutcome mine = send(actor, command);
        LedgerOutcome theirs = twin.get(60, TimeUnit.SECONDS);
        count("twins");
        List<Posted> posted = new ArrayList<>();
        for (LedgerOutcome outcome : List.of(mine, theirs)) {
            if (outcome instanceof Posted p) {
                posted.add(p);
            } else if (!(outcome instanceof Rejected r && r.reason() == Reason.INSUFFICIENT_FUNDS)) {
                errors.add("twin " + command + " answered " + outcome);
            }
        }
        long freshOnes = posted.stream().filter(p -> !p.replayed()).count();
        if (freshOnes > 1 || posted.stream().map(p -> p.receipt().transactionId()).distinct().count() > 1
                || (!posted.isEmpty() && freshOnes == 0)) {
            errors.add("twins " + command + " posted " + posted);
            return;
        }
        posted.stream().filter(p -> !p.replayed()).findFirst().ifPresent(p -> recordFresh(actor, command, p.receipt()));
    }

    private void invalid(Actor actor, Random random) {
        AccountNumber account = randomAccount(random);
        switch (random.nextInt(4)) {
            case 0 -> expectRejected(actor, new Deposit(account, new BigDecimal("1.005"), Optional.empty(), null, newKey()),
                    Reason.INVALID_AMOUNT);
            case 1 -> expectRejected(actor, new Withdrawal(account, new BigDecimal("1000000.01"), Optional.empty(), null, newKey()),
                    Reason.INVALID_AMOUNT);
            case 2 -> expectRejected(actor, new Transfer(account, AccountNumber.fromSerial(90_000_000L + random.nextInt(1000)),
                    BigDecimal.ONE, Optional.empty(), null, newKey()), Reason.ACCOUNT_NOT_FOUND);
            default -> {
                Optional<Issued> earlier = randomIssued(random);
                if (earlier.isEmpty()) {
                    return;
                }
                Issued original = earlier.get();
                Command different = new Deposit(account, new BigDecimal("987.65"), Optional.empty(), "different",
                        original.command().idempotencyKey());
                LedgerOutcome outcome = send(original.actor(), different);
                count("invalid");
                if (!(outcome instanceof Rejected r && r.reason() == Reason.IDEMPOTENCY_KEY_REUSED)) {
                    errors.add("key reuse " + different + " answered " + outcome);
                }
            }
        }
    }

    private void reversal(Actor actor, Random random) {
        List<Receipt> candidates = fresh.stream().filter(r -> r.kind() != EntryKind.REVERSAL).toList();
        if (candidates.isEmpty()) {
            return;
        }
        Receipt target = candidates.get(random.nextInt(candidates.size()));
        Command command = new Reversal(target.transactionId(), "test reversal", newKey());
        expectPostedOrRefused(actor, command, send(actor, command),
                Set.of(Reason.ALREADY_REVERSED, Reason.INSUFFICIENT_FUNDS));
        count("reversal");
    }

    private void expectRejected(Actor actor, Command command, Reason reason) {
        LedgerOutcome outcome = send(actor, command);
        count("invalid");
        if (!(outcome instanceof Rejected r && r.reason() == reason)) {
            errors.add(command + " should be " + reason + " but was " + outcome);
        }
    }

    private void expectPostedOrRefused(Actor actor, Command command, LedgerOutcome outcome, Set<Reason> acceptable) {
        switch (outcome) {
            case Posted posted when !posted.replayed() -> recordFresh(actor, command, posted.receipt());
            case Rejected rejected when acceptable.contains(rejected.reason()) -> count("refused " + rejected.reason());
            default -> errors.add(command + " answered " + outcome);
        }
    }

    private void recordFresh(Actor actor, Command command, Receipt receipt) {
        fresh.add(receipt);
        count("posted " + receipt.kind());
        synchronized (issued) {
            issued.add(new Issued(actor, command, receipt.transactionId()));
        }
    }

    private Optional<Issued> randomIssued(Random random) {
        synchronized (issued) {
            return issued.isEmpty() ? Optional.empty() : Optional.of(issued.get(random.nextInt(issued.size())));
        }
    }

    private LedgerOutcome send(Actor actor, Command command) {
        Ledger ledger = bank.ledger();
        return switch (command) {
            case Deposit d -> ledger.post(actor, d);
            case Withdrawal w -> ledger.post(actor, w);
            case Transfer t -> ledger.post(actor, t);
            case Reversal r -> ledger.post(actor, r);
            case Commands.Disbursement d -> ledger.post(actor, d);
            case Commands.LoanRepayment r -> ledger.post(actor, r);
            case Commands.InternalPayment p -> ledger.post(actor, p);
            case Commands.ExternalPayment p -> ledger.post(actor, p);
            case Commands.PaymentSettlement p -> ledger.post(actor, p);
            case Commands.PaymentReturn p -> ledger.post(actor, p);
            case Commands.HeldPayment p -> ledger.post(actor, p);
            case Commands.HoldRelease p -> ledger.post(actor, p);
        };
    }

    private AccountNumber randomAccount(Random random) {
        return accounts.get(random.nextInt(accounts.size()));
    }

    private static IdempotencyKey newKey() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    private void count(String what) {
        tally.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    // ---- the checks ---------------------------------------------------------------------------------------

    private void assertBooksAgreeWithWhatWorkersWereTold() {
        assertThat(bank.runtime().invariants().violations()).as("ledger invariants").isEmpty();

        // every posting the workers were told about, and nothing else, is in the journal; no key posted twice
        Set<Long> ids = new HashSet<>();
        for (Receipt receipt : fresh) {
            assertThat(ids.add(receipt.transactionId())).as("transaction %d reported fresh twice", receipt.transactionId()).isTrue();
        }
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry")).isEqualTo(fresh.size());
        assertThat(bank.queryLong("SELECT count(*) FROM (SELECT 1 FROM journal_entry GROUP BY actor, idempotency_key "
                + "HAVING count(*) > 1) twice")).isZero();

        // deposits minus withdrawals (and their reversals) is what the customers hold, account by account
        long deposits = 0;
        long withdrawals = 0;
        long reversed = 0;
        Map<AccountNumber, Long> expected = new HashMap<>();
        for (Receipt receipt : fresh) {
            long net = 0;
            for (Receipt.Leg leg : receipt.legs()) {
                expected.merge(leg.account(), leg.amount().minorUnits(), Long::sum);
                net += leg.amount().minorUnits();
            }
            switch (receipt.kind()) {
                case DEPOSIT -> deposits += net;
                case WITHDRAWAL -> withdrawals -= net;
                case TRANSFER -> assertThat(net).as("transfer %d moves money between customers only", receipt.transactionId()).isZero();
                case REVERSAL -> reversed += net;
                default -> throw new AssertionError("unexpected " + receipt);
            }
        }
        long total = 0;
        for (AccountNumber account : accounts) {
            long balance = bank.balance(account).minorUnits();
            assertThat(balance).as("balance of %s", account).isEqualTo(expected.getOrDefault(account, 0L));
            total += balance;
        }
        assertThat(total).isEqualTo(deposits - withdrawals + reversed);
        assertThat(bank.queryLong("SELECT sum(balance_minor) FROM account WHERE kind <> 'SETTLEMENT'")).isEqualTo(total);

        // every change was audited, once, and the chain holds
        long events = bank.queryLong("SELECT count(*) FROM audit_event");
        assertThat(events).isEqualTo(4 + ACCOUNTS + fresh.size());
        assertThat(bank.runtime().auditChain().verify()).isEqualTo(new AuditChain.Verification.Intact(events, 0));

        // the workload really exercised what it claims to
        assertThat(tally).as("tally %s", tally).containsKeys("replayed", "twins", "invalid", "posted REVERSAL",
                "posted TRANSFER", "posted WITHDRAWAL", "refused INSUFFICIENT_FUNDS");
        assertThat(tally.get("replayed").get()).isGreaterThan(WORKERS * OPS_PER_WORKER / 20);
    }
}
