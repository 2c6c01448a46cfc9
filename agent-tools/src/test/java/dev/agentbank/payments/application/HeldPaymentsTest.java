package dev.agentbank.payments.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.approvals.application.OutflowRules;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.payments.application.PaymentOrders.PayOutcome;
import dev.agentbank.payments.application.PaymentScreening.Screening;
import dev.agentbank.payments.application.PaymentScreening.ScreeningRequest;
import dev.agentbank.payments.jdbc.Payees;
import dev.agentbank.payments.jdbc.Payments;
import dev.agentbank.payments.model.NewPayeeCap;
import dev.agentbank.payments.model.Payment;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import dev.agentbank.tools.ToolResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Held payments on real PostgreSQL and the sandbox provider over HTTP, with a screening that holds 50.00 and more: a
 * held payment leaves the payer for clearing and reads as pending; an analyst releases it (credited once, or sent to
 * the provider) or returns it (with a sentence that does not say why); a hold nobody decides returns after 48 hours;
 * a release and a return at the same time end one way.
 */
class HeldPaymentsTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private static final String IBAN = "DE89370400440532013000";
    private static final Actor ANN = Actor.of("staff", "analyst-ann");
    private static final Actor BOB = Actor.of("staff", "analyst-bob");
    private static final List<ScreeningRequest> screened = Collections.synchronizedList(new ArrayList<>());
    private static TestBank bank;
    private static SandboxProvider sandbox;
    private static PaymentOrders orders;
    private static HeldPayments holds;

    /** Holds 50.00 and more, with a score and the rule that hit. */
    private static final PaymentScreening HOLDS_FROM_50 = request -> {
        screened.add(request);
        boolean large = request.amount().amount().compareTo(new BigDecimal("50.00")) >= 0;
        return new Screening(large, Map.of("score", large ? 80 : 10, "hits", large ? List.of("amount_anomaly") : List.of()));
    };

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
        BankRuntime runtime = bank.runtime();
        runtime.paymentRail();
        sandbox = runtime.sandboxProvider().orElseThrow();
        Jdbc jdbc = new Jdbc(bank.dataSource());
        Payments payments = new Payments();
        orders = new PaymentOrders(jdbc, new Payees(), payments, runtime.accountDirectory(), runtime.customerDirectory(), bank.ledger(),
                new OutflowRules(runtime.spendingPolicies(), clock), new NewPayeeCap(new BigDecimal("500.00")),
                new AmountRules(new BigDecimal("1000000")), runtime.paymentDispatch(), HOLDS_FROM_50, clock);
        holds = new HeldPayments(jdbc, payments, bank.ledger(), runtime.paymentDispatch(), new AuditLog(clock), Duration.ofHours(48),
                clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @AfterEach
    void booksStillHold() {
        assertThat(bank.runtime().invariants().violations()).isEmpty();
        long clearing = bank.queryLong("SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN account a ON a.id = p.account_id"
                + " WHERE a.kind = 'CLEARING'");
        long waiting = bank.queryLong("SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE status IN ('PENDING', 'HELD')");
        assertThat(clearing).as("clearing holds exactly the pending and held payments").isEqualTo(waiting);
    }

    /** A customer with a checking account of 500.00, paying a payee added two days ago. */
    private record Payer(long customer, Principal principal, AccountNumber account) {
        static Payer opened() {
            long customer = bank.customer();
            return new Payer(customer, new Principal.CustomerPrincipal(customer), bank.checking(customer, "500.00"));
        }

        String payee(String name, String account) {
            var added = bank.runtime().payeeBook().add(principal, null, name, account, key(), approves(principal));
            String payee = ((PayeeBook.AddOutcome.Added) added).payee().id().value();
            bank.update("UPDATE payee SET created_at = created_at - interval '2 days' WHERE id = '" + payee + "'");
            return payee;
        }

        PayOutcome pay(String payee, String amount, IdempotencyKey key, HumanConfirmation human) {
            return orders.pay(principal, account.value(), payee, amount, null, "rent", key, new CallContext("test", "test", "none", human));
        }

        Payment paid(String payee, String amount) {
            return ((PayOutcome.Made) pay(payee, amount, key(), approves(principal))).payment();
        }

        Map<String, Object> shown(Payment payment) {
            ToolResult result = bank.runtime().toolBox().call(principal, new CallContext("test", "test", "none"), "get_payment",
                    Map.of("payment_id", payment.id().value()));
            assertThat(result.isError()).as(result.text()).isFalse();
            return result.structured();
        }
    }

    private static HumanConfirmation approves(Principal principal) {
        return request -> new HumanConfirmation.Answer.Approved(principal.actor().id(), "chat-terminal");
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static String kindOf(long entryId) {
        return bank.queryString("SELECT kind FROM journal_entry WHERE id = " + entryId);
    }

    @Test
    void aHeldInternalPaymentLeavesThePayerForClearingAndReadsAsPending() {
        Payer ada = Payer.opened();
        AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
        String grace = ada.payee("Grace Hopper", graceAccount.value());

        Payment held = ada.paid(grace, "60.00");

        assertThat(held.status()).isEqualTo(Payment.Status.HELD);
        assertThat(kindOf(held.debitEntryId())).isEqualTo("PAYMENT_HELD");
        assertThat(bank.balance(ada.account())).isEqualTo(eur("440.00"));
        assertThat(bank.balance(graceAccount)).isEqualTo(eur("0.00"));
        assertThat(holds.held()).extracting(Payment::id).contains(held.id());
        Map<String, Object> shown = ada.shown(held);
        assertThat(shown).containsEntry("status", "pending").doesNotContainKey("return_reason");
        assertThat(shown.toString()).doesNotContainIgnoringCase("held").doesNotContainIgnoringCase("review")
                .doesNotContainIgnoringCase("fraud");
        String history = bank.runtime().toolBox().call(ada.principal(), new dev.agentbank.identity.CallContext("test", "test", "none"),
                "list_transactions", Map.of("account_number", ada.account().value())).text();
        assertThat(history).as("the payer's history tells nothing of the hold").contains("PAYMENT_OUT").doesNotContain("HELD");
        String audited = bank.queryString("SELECT details FROM audit_event WHERE action = 'payment_held' AND details LIKE '%"
                + held.id() + "%'");
        assertThat(audited).contains("\"screening\":{").contains("\"score\":80").contains("amount_anomaly")
                .contains("\"screening_micros\":");
    }

    @Test
    void aPaymentBelowTheHoldGoesItsUsualWayAndScreeningIsAskedOncePerFreshPaymentNotForAReplay() {
        Payer ada = Payer.opened();
        AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
        String grace = ada.payee("Grace Hopper", graceAccount.value());
        IdempotencyKey key = key();

        Payment small = ((PayOutcome.Made) ada.pay(grace, "20.00", key, approves(ada.principal()))).payment();
        int asked = screened.size();
        PayOutcome again = ada.pay(grace, "20.00", key, approves(ada.principal()));

        assertThat(small.status()).isEqualTo(Payment.Status.SETTLED);
        assertThat(bank.balance(graceAccount)).isEqualTo(eur("20.00"));
        assertThat(again).isInstanceOf(PayOutcome.Made.class).extracting(made -> ((PayOutcome.Made) made).replayed()).isEqualTo(true);
        assertThat(screened).hasSize(asked);
        ScreeningRequest request = screened.stream().filter(r -> r.paymentId().equals(small.id().value())).findFirst().orElseThrow();
        assertThat(request.internalPayee()).isTrue();
        assertThat(request.customerId()).isEqualTo(ada.customer());
        assertThat(request.context().transport()).isEqualTo("test");
    }

    @Test
    void screeningAsksAfterTheHumanConfirmedAndKnowsHowTheyDid() {
        Payer ada = Payer.opened();
        String landlord = ada.payee("Landlord Ltd", IBAN);

        Payment held = ada.paid(landlord, "150.00"); // above the 100.00 threshold: the human is asked first

        ScreeningRequest request = screened.stream().filter(r -> r.paymentId().equals(held.id().value())).findFirst().orElseThrow();
        assertThat(request.confirmation()).isPresent();
        assertThat(request.confirmation().get().confirmedThrough()).isEqualTo("chat-terminal");
        assertThat(request.internalPayee()).isFalse();
        assertThat(held.status()).isEqualTo(Payment.Status.HELD);
    }

    @Test
    void releasingAHeldInternalPaymentCreditsThePayeeOnceAndASecondDecisionIsRefused() {
        Payer ada = Payer.opened();
        AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
        Payment held = ada.paid(ada.payee("Grace Hopper", graceAccount.value()), "60.00");

        Payment released = holds.release(ANN, held.id().value(), "customer called back, known landlord");

        assertThat(released.status()).isEqualTo(Payment.Status.SETTLED);
        assertThat(kindOf(released.closingEntryId())).isEqualTo("PAYMENT_RELEASED");
        assertThat(bank.balance(graceAccount)).isEqualTo(eur("60.00"));
        assertThat(bank.balance(ada.account())).isEqualTo(eur("440.00"));
        assertThat(ada.shown(released)).containsEntry("status", "settled");
        assertThatThrownBy(() -> holds.release(ANN, held.id().value(), "again")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("Payment " + held.id() + " is no longer held; it was released by staff:analyst-ann at ");
        assertThatThrownBy(() -> holds.returnToPayer(BOB, held.id().value(), "too late")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("no longer held");
        assertThat(bank.balance(graceAccount)).isEqualTo(eur("60.00"));
        assertThat(bank.balance(ada.account())).isEqualTo(eur("440.00"));
        assertThat(bank.queryString("SELECT actor || ' ' || details FROM audit_event WHERE action = 'release_held_payment'"
                + " AND subject = 'payment:" + held.id() + "'")).startsWith("staff:analyst-ann ").contains("known landlord");
    }

    @Test
    void aHeldExternalPaymentIsNotSentUntilReleasedThenTheProviderSettlesIt() {
        Payer ada = Payer.opened();
        long sent = sandbox.payments();
        Payment held = ada.paid(ada.payee("Landlord Ltd", IBAN), "70.00");

        bank.runtime().paymentDispatch().dispatchDue();
        bank.runtime().paymentDispatch().attempt(held.id());

        assertThat(sandbox.payments()).isEqualTo(sent);
        assertThat(bank.queryString("SELECT status FROM payment WHERE id = '" + held.id() + "'")).isEqualTo("HELD");
        assertThat(ada.shown(held)).containsEntry("status", "pending");

        Payment released = holds.release(ANN, held.id().value(), "verified with the customer");

        assertThat(released.status()).isEqualTo(Payment.Status.SETTLED);
        assertThat(sandbox.payments()).isEqualTo(sent + 1);
        assertThat(kindOf(released.closingEntryId())).isEqualTo("PAYMENT_SETTLED");
        assertThat(bank.balance(ada.account())).isEqualTo(eur("430.00"));
    }

    @Test
    void returningAHeldPaymentCreditsThePayerBackWithASentenceThatDoesNotSayWhy() {
        Payer ada = Payer.opened();
        AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
        Payment held = ada.paid(ada.payee("Grace Hopper", graceAccount.value()), "80.00");

        Payment returned = holds.returnToPayer(BOB, held.id().value(), "mule account pattern");

        assertThat(returned.status()).isEqualTo(Payment.Status.RETURNED);
        assertThat(kindOf(returned.closingEntryId())).isEqualTo("PAYMENT_RETURNED");
        assertThat(bank.balance(ada.account())).isEqualTo(eur("500.00"));
        assertThat(bank.balance(graceAccount)).isEqualTo(eur("0.00"));
        Map<String, Object> shown = ada.shown(returned);
        assertThat(shown).containsEntry("status", "returned")
                .containsEntry("return_reason", "The bank did not send this payment; the money is back on the account.");
        assertThat(shown.toString()).doesNotContainIgnoringCase("fraud").doesNotContainIgnoringCase("review")
                .doesNotContain("mule");
        assertThat(bank.queryString("SELECT actor || ' ' || details FROM audit_event WHERE action = 'return_held_payment'"
                + " AND subject = 'payment:" + held.id() + "'")).startsWith("staff:analyst-bob ").contains("mule account pattern");
        assertThatThrownBy(() -> holds.release(ANN, held.id().value(), "changed my mind")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("it was returned to the payer by staff:analyst-bob at ");
    }

    @Test
    void aReleaseIsRefusedWhileThePayeesAccountCannotReceiveItAndTheHoldStays() {
        Payer ada = Payer.opened();
        AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
        Payment held = ada.paid(ada.payee("Grace Hopper", graceAccount.value()), "60.00");
        // a closed account takes nothing (a frozen one still takes credits)
        bank.update("UPDATE account SET status = 'CLOSED' WHERE number = '" + graceAccount.value() + "'");

        assertThatThrownBy(() -> holds.release(ANN, held.id().value(), "fine")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("can no longer receive it").hasMessageContaining("It stays held");

        assertThat(holds.held()).extracting(Payment::id).contains(held.id());
        assertThat(holds.returnToPayer(ANN, held.id().value(), "payee account closed").status()).isEqualTo(Payment.Status.RETURNED);
        assertThat(bank.balance(ada.account())).isEqualTo(eur("500.00"));
    }

    @Test
    void aDecisionNeedsAReason() {
        Payer ada = Payer.opened();
        Payment held = ada.paid(ada.payee("Landlord Ltd", IBAN), "55.00");

        assertThatThrownBy(() -> holds.release(ANN, held.id().value(), "  ")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("A reason is required");
        assertThatThrownBy(() -> holds.returnToPayer(ANN, "PM-NOPE", "x")).isInstanceOf(InvalidRequest.class)
                .hasMessageContaining("No payment PM-NOPE was found");
        holds.returnToPayer(ANN, held.id().value(), "tidy up");
    }

    @Test
    void aHoldNobodyDecidesWithin48HoursReturnsTheMoney() {
        Payer ada = Payer.opened();
        Payment held = ada.paid(ada.payee("Landlord Ltd", IBAN), "90.00");

        clock.advance(Duration.ofHours(47));
        assertThat(holds.expireHolds()).extracting(Payment::id).doesNotContain(held.id());
        clock.advance(Duration.ofHours(2));
        List<Payment> expired = holds.expireHolds();

        assertThat(expired).extracting(Payment::id).contains(held.id());
        assertThat(bank.balance(ada.account())).isEqualTo(eur("500.00"));
        assertThat(ada.shown(held)).containsEntry("status", "returned")
                .containsEntry("return_reason", HeldPayments.RETURN_REASON);
        assertThat(bank.queryString("SELECT hold_decided_by FROM payment WHERE id = '" + held.id() + "'"))
                .isEqualTo("system:payment-hold-expiry");
        assertThat(holds.expireHolds()).extracting(Payment::id).doesNotContain(held.id());
    }

    @Test
    void aReleaseAndAReturnAtTheSameTimeEndTheHoldOneWay() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                Payer ada = Payer.opened();
                AccountNumber graceAccount = bank.checking(bank.customer(), "0.00");
                Payment held = ada.paid(ada.payee("Grace Hopper", graceAccount.value()), "60.00");
                CountDownLatch start = new CountDownLatch(1);
                Future<Payment> release = threads.submit(at(start, () -> holds.release(ANN, held.id().value(), "looks fine")));
                Future<Payment> giveBack = threads.submit(at(start, () -> holds.returnToPayer(BOB, held.id().value(), "looks wrong")));
                start.countDown();

                boolean released = succeeded(release);
                boolean returned = succeeded(giveBack);

                assertThat(released ^ returned).as("exactly one decision wins in round %d", round).isTrue();
                assertThat(bank.balance(graceAccount)).isEqualTo(eur(released ? "60.00" : "0.00"));
                assertThat(bank.balance(ada.account())).isEqualTo(eur(released ? "440.00" : "500.00"));
                assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key IN ('release-" + held.id()
                        + "', 'hold-return-" + held.id() + "')")).isEqualTo(1);
            }
        } finally {
            threads.shutdown();
        }
    }

    private static <T> Callable<T> at(CountDownLatch start, Callable<T> call) {
        return () -> {
            start.await();
            return call.call();
        };
    }

    private static boolean succeeded(Future<Payment> decision) throws InterruptedException {
        try {
            decision.get();
            return true;
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(InvalidRequest.class).hasMessageContaining("no longer held");
            return false;
        }
    }
}
