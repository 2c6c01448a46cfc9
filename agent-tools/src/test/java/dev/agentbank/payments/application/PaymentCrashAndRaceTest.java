package dev.agentbank.payments.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.approvals.application.OutflowRules;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.payments.application.PaymentOrders.PayOutcome;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.NewPayeeCap;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Payments under concurrency and crashes, on real PostgreSQL and the sandbox over HTTP: eight concurrent payments of
 * 99.00 under a 100.00 threshold let one through without a human; a crash before the provider is asked, or after it
 * answered but before the bank recorded it, ends in exactly one payment at the provider and the right balances.
 */
class PaymentCrashAndRaceTest extends SharedBankTest {
    private static final String IBAN = "DE89370400440532013000";
    private static SandboxProvider sandbox;

    /** Stands for the process dying at a point: nothing catches it, as nothing survives a crash. */
    private static final class Crash extends Error {
        Crash() {
            super("simulated crash", null, false, false);
        }
    }

    @BeforeAll
    static void startProvider() {
        bank.runtime().paymentRail();
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
    }

    @AfterEach
    void clearingHoldsOnlyPendingPayments() {
        long clearing = bank.queryLong("SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN account a ON a.id = p.account_id"
                + " WHERE a.kind = 'CLEARING'");
        long pending = bank.queryLong("SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE status = 'PENDING'");
        assertThat(clearing).isEqualTo(pending);
    }

    private static HumanConfirmation approves(Principal principal) {
        return request -> new HumanConfirmation.Answer.Approved(principal.actor().id(), "chat-terminal");
    }

    private static String payee(Principal principal, String name, String account) {
        var added = bank.runtime().payeeBook().add(principal, null, name, account, key(), approves(principal));
        return ((PayeeBook.AddOutcome.Added) added).payee().id().value();
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    /** The bank's payment service with another provider rail in front of the real one. */
    private static PaymentOrders ordersWith(PaymentRail rail) {
        BankRuntime runtime = bank.runtime();
        Jdbc jdbc = new Jdbc(bank.dataSource());
        Payments payments = new Payments();
        Clock clock = runtime.clock();
        ProviderDispatch dispatch = new ProviderDispatch(jdbc, payments, bank.ledger(), () -> rail, clock);
        return new PaymentOrders(jdbc, new Payees(), payments, runtime.accountDirectory(), runtime.customerDirectory(), bank.ledger(),
                new OutflowRules(runtime.spendingPolicies(), clock), new NewPayeeCap(new BigDecimal("500.00")),
                new AmountRules(new BigDecimal("1000000")), dispatch, PaymentScreening.NONE, clock);
    }

    @Test
    void eightConcurrentPaymentsOf99FromOneAccountLetOneThroughWithoutAHuman() throws Exception {
        long ada = bank.customer();
        Principal adaPrincipal = new Principal.CustomerPrincipal(ada);
        AccountNumber checking = bank.checking(ada, "2000.00");
        String grace = oldPayee(adaPrincipal, "Grace Hopper", bank.checking(bank.customer(), "0.00").value());

        int madeWithoutAHuman = payConcurrently(adaPrincipal, grace, java.util.Collections.nCopies(8, checking));

        assertThat(madeWithoutAHuman).isEqualTo(1);
        assertThat(bank.balance(checking)).isEqualTo(Money.of("1901.00", "EUR"));
        assertThat(bank.queryLong("SELECT count(*) FROM payment WHERE customer_id = " + ada)).isEqualTo(1);
    }

    /** Eight accounts, so no account lock orders the calls: only the per-principal lock on the 24-hour total does. */
    @Test
    void eightConcurrentPaymentsOf99FromEightAccountsLetOneThroughWithoutAHuman() throws Exception {
        long ada = bank.customer();
        Principal adaPrincipal = new Principal.CustomerPrincipal(ada);
        List<AccountNumber> accounts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            accounts.add(bank.checking(ada, "200.00"));
        }
        String landlord = oldPayee(adaPrincipal, "Landlord Ltd", IBAN);

        int madeWithoutAHuman = payConcurrently(adaPrincipal, landlord, accounts);

        assertThat(madeWithoutAHuman).isEqualTo(1);
        assertThat(bank.queryLong("SELECT count(*) FROM payment WHERE customer_id = " + ada)).isEqualTo(1);
        long left = accounts.stream().mapToLong(account -> bank.balance(account).minorUnits()).sum();
        assertThat(left).isEqualTo(160_000 - 9_900);
    }

    /** A payee added two days ago, so its first-day cap is over. */
    private static String oldPayee(Principal principal, String name, String account) {
        String payee = payee(principal, name, account);
        bank.update("UPDATE payee SET created_at = created_at - interval '2 days' WHERE id = '" + payee + "'");
        return payee;
    }

    /** One payment of 99.00 per account, all started together; the human declines every question. Payments made. */
    private static int payConcurrently(Principal payer, String payee, List<AccountNumber> from) throws Exception {
        AtomicInteger asked = new AtomicInteger();
        HumanConfirmation declines = request -> {
            asked.incrementAndGet();
            return new HumanConfirmation.Answer.Declined("chat-terminal");
        };
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(from.size());
        List<Future<PayOutcome>> calls = new ArrayList<>();
        for (AccountNumber account : from) {
            IdempotencyKey payKey = key();
            calls.add(threads.submit(() -> {
                start.await();
                return bank.runtime().paymentOrders().pay(payer, account.value(), payee, "99.00", null, "chunk", payKey, viaTest(declines));
            }));
        }
        start.countDown();
        int made = 0;
        for (Future<PayOutcome> call : calls) {
            if (call.get() instanceof PayOutcome.Made) {
                made++;
            }
        }
        threads.shutdown();
        assertThat(asked).as("every other call asked the human").hasValue(from.size() - made);
        return made;
    }

    @Test
    void aCrashBetweenTheClearingEntryAndTheProviderCallEndsInOnePayment() {
        long ada = bank.customer();
        Principal adaPrincipal = new Principal.CustomerPrincipal(ada);
        AccountNumber checking = bank.checking(ada, "500.00");
        String landlord = payee(adaPrincipal, "Landlord Ltd", IBAN);
        long before = sandbox.payments();
        PaymentRail crashesBeforeSending = new PaymentRail() {
            @Override
            public RailAnswer send(OutgoingPayment payment) {
                throw new Crash();
            }

            @Override
            public RailAnswer status(String providerPaymentId) {
                throw new Crash();
            }
        };

        assertThatThrownBy(() -> ordersWith(crashesBeforeSending).pay(adaPrincipal, checking.value(), landlord, "60.00", null, "rent",
                key(), viaTest(approves(adaPrincipal)))).isInstanceOf(Crash.class);
        assertThat(bank.balance(checking)).isEqualTo(Money.of("440.00", "EUR"));
        assertThat(bank.queryString("SELECT status FROM payment WHERE customer_id = " + ada)).isEqualTo("PENDING");
        assertThat(sandbox.payments()).isEqualTo(before);

        // the restarted process's job finds it due and asks the provider
        assertThat(bank.runtime().paymentDispatch().dispatchDue()).isGreaterThanOrEqualTo(1);
        assertThat(bank.queryString("SELECT status FROM payment WHERE customer_id = " + ada)).isEqualTo("SETTLED");
        assertThat(sandbox.payments()).isEqualTo(before + 1);
        assertThat(bank.balance(checking)).isEqualTo(Money.of("440.00", "EUR"));
    }

    @Test
    void aCrashAfterTheProvidersAnswerButBeforeOurCommitEndsInOnePayment() {
        long ada = bank.customer();
        Principal adaPrincipal = new Principal.CustomerPrincipal(ada);
        AccountNumber checking = bank.checking(ada, "500.00");
        String landlord = payee(adaPrincipal, "Landlord Ltd", IBAN);
        long before = sandbox.payments();
        PaymentRail real = bank.runtime().paymentRail();
        PaymentRail crashesAfterTheAnswer = new PaymentRail() {
            @Override
            public RailAnswer send(OutgoingPayment payment) {
                RailAnswer answer = real.send(payment);
                assertThat(answer).isInstanceOf(RailAnswer.Settled.class);
                throw new Crash();
            }

            @Override
            public RailAnswer status(String providerPaymentId) {
                throw new Crash();
            }
        };

        assertThatThrownBy(() -> ordersWith(crashesAfterTheAnswer).pay(adaPrincipal, checking.value(), landlord, "70.00", null, "rent",
                key(), viaTest(approves(adaPrincipal)))).isInstanceOf(Crash.class);
        assertThat(sandbox.payments()).isEqualTo(before + 1);
        assertThat(bank.queryString("SELECT status FROM payment WHERE customer_id = " + ada)).isEqualTo("PENDING");

        bank.runtime().paymentDispatch().dispatchDue();
        Payment settled = bank.runtime().paymentOrders().list(adaPrincipal, null, 10).payments().getFirst();
        assertThat(settled.status()).isEqualTo(Payment.Status.SETTLED);
        assertThat(sandbox.payments()).as("the provider replayed the first payment under its key").isEqualTo(before + 1);
        assertThat(bank.balance(checking)).isEqualTo(Money.of("430.00", "EUR"));
        // settling again finds nothing to do: one closing entry
        bank.runtime().paymentDispatch().attempt(settled.id());
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key = 'settle-" + settled.id() + "'")).isEqualTo(1);
    }

    private static dev.agentbank.identity.CallContext viaTest(dev.agentbank.identity.HumanConfirmation human) {
        return new dev.agentbank.identity.CallContext("test", "test", "none", human);
    }
}
