package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pay, get_payment and list_payments on real PostgreSQL and the sandbox provider over HTTP: internal payments land at
 * once, external ones go through the clearing account and come back when refused, confirmation cannot be split
 * around, a new payee's first day is capped, and bad input moves nothing.
 */
class PaymentToolsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final MutableClock clock = new MutableClock(NOW);
    private static final String IBAN = "DE89370400440532013000";
    private static TestBank bank;
    private static SandboxProvider sandbox;

    @BeforeAll
    static void openBank() {
        // a short read timeout, so a slow provider is a timeout within the test
        bank = TestBank.create(clock, Map.of("BANK_PROVIDER_READ_TIMEOUT_MS", "400", "BANK_PROVIDER_MAX_RETRIES", "0"));
        bank.runtime().paymentRail();
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @AfterEach
    void ledgerStillHolds() {
        sandbox.behave();
        sandbox.paymentSettlementDelay(Duration.ZERO);
        assertThat(bank.runtime().invariants().violations()).isEmpty();
        assertThat(clearingMatchesPendingPayments()).isTrue();
    }

    /** The clearing account holds exactly the money of external payments still pending. */
    private static boolean clearingMatchesPendingPayments() {
        long clearing = bank.queryLong("SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN account a ON a.id = p.account_id"
                + " WHERE a.kind = 'CLEARING'");
        long pending = bank.queryLong("SELECT coalesce(sum(amount_minor), 0) FROM payment WHERE status = 'PENDING'");
        return clearing == pending;
    }

    private static CallContext answering(HumanConfirmation human) {
        return new CallContext("test-transport", "tool-tests 1.2.3", "session-42", human);
    }

    private static HumanConfirmation approves(long customer, List<ConfirmationRequest> asked) {
        return request -> {
            asked.add(request);
            return new HumanConfirmation.Answer.Approved("customer:" + customer, "chat-terminal");
        };
    }

    private static HumanConfirmation declines(List<ConfirmationRequest> asked) {
        return request -> {
            asked.add(request);
            return new HumanConfirmation.Answer.Declined("chat-terminal");
        };
    }

    static String addPayee(long customer, String name, String account) {
        Map<String, Object> added = ok(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(customer),
                answering(request -> new HumanConfirmation.Answer.Approved("customer:" + customer, "chat-terminal")), "add_payee",
                args("name", name, "account", account, "idempotency_key", key()))).structured();
        @SuppressWarnings("unchecked")
        Map<String, Object> payee = (Map<String, Object>) added.get("payee");
        return (String) payee.get("payee_id");
    }

    private static ToolResult pay(long customer, HumanConfirmation human, AccountNumber from, String payee, String amount,
                                  String reference, String key) {
        return bank.runtime().toolBox().call(new Principal.CustomerPrincipal(customer), answering(human), "pay",
                args("from_account", from.value(), "payee_id", payee, "amount", amount, "reference", reference, "idempotency_key", key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payment(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("payment");
    }

    /** A payee added a day and more ago, so its first-day cap is over. */
    private static String oldPayee(long customer, String name, String account) {
        clock.set(NOW.minus(Duration.ofDays(2)));
        try {
            return addPayee(customer, name, account);
        } finally {
            clock.set(NOW);
        }
    }

    @Test
    void anInternalPaymentLandsAtOnceAcrossCustomersAndARetryPaysNothingMore() {
        long ada = bank.customer();
        long grace = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        AccountNumber graces = bank.checking(grace, "10.00");
        String payee = oldPayee(ada, "Grace Hopper", graces.value());
        String payKey = key();

        Map<String, Object> paid = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "45.00", "dinner", payKey)).structured();

        assertThat(paid).containsEntry("status", "paid");
        assertThat(payment(paid)).containsEntry("status", "settled").containsEntry("kind", "internal")
                .containsEntry("payee_name", "Grace Hopper").containsEntry("reference", "dinner");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("455.00", "EUR"));
        assertThat(bank.balance(graces)).isEqualTo(Money.of("55.00", "EUR"));
        TestBank.Snapshot before = ledgerState(bank);
        Map<String, Object> again = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "45.00", "dinner", payKey)).structured();
        assertThat(again).containsEntry("status", "paid").containsEntry("replayed", true);
        assertThat(payment(again)).containsEntry("payment_id", payment(paid).get("payment_id"));
        assertThat(ledgerState(bank)).isEqualTo(before);
        // the same key for another payment is refused
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "46.00", "dinner", payKey)).text())
                .contains("already used for a different payment");
        assertThat(bank.queryString("SELECT kind FROM journal_entry WHERE id = " + payment(paid).get("transaction_id"))).isEqualTo("PAYMENT");
        // Grace sees the payment in her history, never Ada's account balance
        Map<String, Object> got = ok(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada), answering(HumanConfirmation.UNAVAILABLE),
                "get_payment", args("payment_id", payment(paid).get("payment_id")))).structured();
        assertThat(got).containsEntry("status", "settled");
        assertThat(error(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(grace), answering(HumanConfirmation.UNAVAILABLE),
                "get_payment", args("payment_id", payment(paid).get("payment_id")))).text()).contains("No payment");
    }

    @Test
    void anExternalPaymentLeavesThroughClearingAndSettles() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        long paymentsBefore = sandbox.payments();

        Map<String, Object> paid = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "80.00", "rent", key())).structured();

        assertThat(paid).containsEntry("status", "paid");
        assertThat(payment(paid)).containsEntry("kind", "external").containsEntry("payee_account", IBAN);
        assertThat(bank.balance(adas)).isEqualTo(Money.of("420.00", "EUR"));
        assertThat(sandbox.payments()).isEqualTo(paymentsBefore + 1);
        assertThat(bank.queryString("SELECT string_agg(kind, ',' ORDER BY id) FROM journal_entry WHERE id IN ("
                + payment(paid).get("transaction_id") + ", " + payment(paid).get("closing_transaction_id") + ")"))
                .isEqualTo("PAYMENT_OUT,PAYMENT_SETTLED");
    }

    @Test
    void aRejectedExternalPaymentComesBackWithTheReason() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        sandbox.failNext(SandboxProvider.Endpoint.PAYMENT, 1, SandboxProvider.Failure.REJECT_ACCOUNT_CLOSED);

        Map<String, Object> returned = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "80.00", "rent", key())).structured();

        assertThat(returned).containsEntry("status", "returned");
        assertThat((String) returned.get("message")).contains("closed", "back in " + adas.value());
        assertThat(payment(returned)).containsEntry("status", "returned");
        assertThat((String) payment(returned).get("return_reason")).contains("closed");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("500.00", "EUR"));

        sandbox.failNext(SandboxProvider.Endpoint.PAYMENT, 1, SandboxProvider.Failure.REJECT_NAME_MISMATCH);
        Map<String, Object> mismatch = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "20.00", "rent", key())).structured();
        assertThat((String) payment(mismatch).get("return_reason")).contains("name");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("500.00", "EUR"));
    }

    @Test
    void aTimeoutOrADroppedAnswerLeavesItPendingAndTheJobSettlesItOnce() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        long paymentsBefore = sandbox.payments();
        sandbox.latency(SandboxProvider.Endpoint.PAYMENT, Duration.ofMillis(1_000));

        Map<String, Object> pending = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "30.00", "rent", key())).structured();

        assertThat(pending).containsEntry("status", "pending");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("470.00", "EUR"));
        assertThat(clearingMatchesPendingPayments()).isTrue();
        sandbox.behave();
        clock.advance(Duration.ofSeconds(6));
        assertThat(bank.runtime().paymentDispatch().dispatchDue()).isEqualTo(1);
        Map<String, Object> settled = ok(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada),
                answering(HumanConfirmation.UNAVAILABLE), "get_payment", args("payment_id", payment(pending).get("payment_id")))).structured();
        assertThat(settled).containsEntry("status", "settled");
        assertThat(sandbox.payments()).isEqualTo(paymentsBefore + 1);

        sandbox.failNext(SandboxProvider.Endpoint.PAYMENT, 1, SandboxProvider.Failure.DROP_AFTER_OPENING);
        Map<String, Object> dropped = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "10.00", "rent", key())).structured();
        assertThat(dropped).containsEntry("status", "pending");
        clock.advance(Duration.ofSeconds(6));
        bank.runtime().paymentDispatch().dispatchDue();
        assertThat(bank.queryString("SELECT status FROM payment WHERE id = '" + payment(dropped).get("payment_id") + "'")).isEqualTo("SETTLED");
        assertThat(sandbox.payments()).isEqualTo(paymentsBefore + 2);
        assertThat(bank.balance(adas)).isEqualTo(Money.of("460.00", "EUR"));
    }

    @Test
    void aPaymentTheProviderHoldsSettlesWhenItSaysSo() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        sandbox.paymentSettlementDelay(Duration.ofMillis(300));

        Map<String, Object> pending = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "25.00", "rent", key())).structured();
        assertThat(pending).containsEntry("status", "pending");
        String id = (String) payment(pending).get("payment_id");

        bank.runtime().paymentDispatch().dispatchDue(); // not due yet: nothing asked
        assertThat(bank.queryString("SELECT status FROM payment WHERE id = '" + id + "'")).isEqualTo("PENDING");
        clock.advance(Duration.ofMinutes(1));
        awaitSandbox(Duration.ofMillis(400));
        bank.runtime().paymentDispatch().dispatchDue();
        assertThat(bank.queryString("SELECT status FROM payment WHERE id = '" + id + "'")).isEqualTo("SETTLED");
    }

    private static void awaitSandbox(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void smallPaymentsThatAddUpAboveTheThresholdAskTheHuman() {
        long ada = bank.customer();
        long grace = bank.customer();
        AccountNumber adas = bank.checking(ada, "1000.00");
        String payee = oldPayee(ada, "Grace Hopper", bank.checking(grace, "0.00").value());
        List<ConfirmationRequest> asked = new ArrayList<>();

        assertThat(ok(pay(ada, declines(asked), adas, payee, "96.00", "chunk 1", key())).structured()).containsEntry("status", "paid");
        assertThat(asked).isEmpty();

        Map<String, Object> second = ok(pay(ada, declines(asked), adas, payee, "96.00", "chunk 2", key())).structured();
        assertThat(second).containsEntry("status", "not_paid");
        assertThat(asked).singleElement().satisfies(request -> assertThat(request.describe())
                .contains("Payment of 96.00 EUR", "\"Grace Hopper\"", "paid to \"Grace Hopper\" without confirmation", "100.00 EUR"));
        assertThat(bank.balance(adas)).isEqualTo(Money.of("904.00", "EUR"));

        // confirmed, it goes through, and does not count as unconfirmed
        assertThat(ok(pay(ada, approves(ada, asked), adas, payee, "96.00", "chunk 2", key())).structured()).containsEntry("status", "paid");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("808.00", "EUR"));

        // a transfer between her own accounts counts against the same overall total
        AccountNumber savings = bank.checking(ada, "0.00");
        ToolResult transfer = bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada), answering(HumanConfirmation.UNAVAILABLE),
                "transfer", args("from_account", adas.value(), "to_account", savings.value(), "amount", "5.00", "idempotency_key", key()));
        assertThat(ok(transfer).structured()).containsEntry("status", "AWAITING_APPROVAL");
        assertThat(bank.balance(savings)).isEqualTo(Money.of("0.00", "EUR"));

        // a day (and the minute its bucket covers) later the window is empty again
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(ok(pay(ada, declines(asked), adas, payee, "96.00", "next day", key())).structured()).containsEntry("status", "paid");

        // rows out of the window are pruned; today's stay
        bank.runtime().spendingPolicies().forgetUnconfirmedOutflowBefore(clock.instant().minus(Duration.ofHours(1)));
        assertThat(bank.queryLong("SELECT count(*) FROM unconfirmed_outflow WHERE actor = 'customer:" + ada + "'")).isEqualTo(1);
    }

    @Test
    void aNewPayeeTakesOnlyTheCapInItsFirstDay() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "2000.00");
        String fresh = addPayee(ada, "New Person", IBAN);
        List<ConfirmationRequest> asked = new ArrayList<>();

        assertThat(ok(pay(ada, approves(ada, asked), adas, fresh, "400.00", "first", key())).structured()).containsEntry("status", "paid");
        TestBank.Snapshot before = ledgerState(bank);
        asked.clear();
        String refusal = error(pay(ada, approves(ada, asked), adas, fresh, "150.00", "second", key())).text();
        assertThat(refusal).contains("added less than 24 hours ago", "500.00 EUR", "100.00 EUR left",
                "possible from " + NOW.plus(Duration.ofHours(24)));
        assertThat(asked).as("nobody is asked to approve what cannot be paid").isEmpty();
        assertThat(ledgerState(bank)).isEqualTo(before);

        clock.advance(Duration.ofHours(24));
        assertThat(ok(pay(ada, approves(ada, asked), adas, fresh, "150.00", "second", key())).structured()).containsEntry("status", "paid");
    }

    @Test
    void badInputGetsOneSentenceAndMovesNothing() {
        long ada = bank.customer();
        long eve = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        AccountNumber usd = bank.account(ada).currency("USD").opening("100.00").open();
        String payee = oldPayee(ada, "Grace Hopper", bank.checking(bank.customer(), "0.00").value());
        String evesPayee = oldPayee(eve, "Mallory", IBAN);
        String removed = oldPayee(ada, "Old Landlord", IBAN);
        ok(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada), answering(HumanConfirmation.UNAVAILABLE), "remove_payee",
                args("payee_id", removed)));
        TestBank.Snapshot before = ledgerState(bank);

        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, "PY-NOTAPAYEE", "10.00", "x", key())).text()).contains("No payee");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, evesPayee, "10.00", "x", key())).text()).contains("No payee");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, removed, "10.00", "x", key())).text()).contains("No payee");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "10.00", "x".repeat(141), key())).text()).contains("140");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "10.00", "line\nbreak", key())).text()).contains("control");
        // from dollars to a payee in euros: refused without telling the payee's currency
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, usd, payee, "10.00", "x", key())).text())
                .startsWith("The payee's account at this bank cannot receive this payment");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "-5", "x", key())).text()).containsIgnoringCase("amount");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "10.001", "x", key())).text()).containsIgnoringCase("amount");
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "900.00", "x", key())).text()).contains("Insufficient");
        assertThat(error(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada), answering(HumanConfirmation.UNAVAILABLE), "pay",
                args("from_account", adas.value(), "payee_id", payee, "amount", "10.00", "currency", "GBP", "idempotency_key", key())))
                .text()).contains("GBP");
        assertThat(ledgerState(bank)).isEqualTo(before);
        assertThat(bank.queryLong("SELECT count(*) FROM payment WHERE customer_id = " + ada)).isZero();
    }

    @Test
    void whoeverCannotAskGetsAPendingApprovalAndTheSameCallPaysOnceApproved() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "1000.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        String payKey = key();

        Map<String, Object> waiting = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "300.00", "rent", payKey)).structured();
        assertThat(waiting).containsEntry("status", "awaiting_approval");
        String approval = (String) waiting.get("approval_id");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("1000.00", "EUR"));
        assertThat(bank.runtime().approvals().approve(approval, Actor.of("operator", "olga"), "cli").done()).isTrue();

        Map<String, Object> paid = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "300.00", "rent", payKey)).structured();
        assertThat(paid).containsEntry("status", "paid");
        assertThat((String) payment(paid).get("confirmed_through")).contains(approval);
        assertThat(bank.balance(adas)).isEqualTo(Money.of("700.00", "EUR"));
        assertThat(bank.queryString("SELECT details::jsonb->>'approved_by' FROM audit_event WHERE subject = 'transaction:"
                + payment(paid).get("transaction_id") + "'")).isEqualTo("operator:olga");
    }

    @Test
    void anApprovalGivenOutsideTheSessionPaysOnlyTheCallThatAskedForIt() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "1000.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        String first = key();
        String approval = (String) ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "300.00", "rent", first))
                .structured().get("approval_id");
        assertThat(bank.runtime().approvals().approve(approval, Actor.of("operator", "olga"), "cli").done()).isTrue();

        // the same payment under another key is another request: the approval does not pay it
        Map<String, Object> lookAlike = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "300.00", "rent", key())).structured();
        assertThat(lookAlike).containsEntry("status", "awaiting_approval");
        assertThat(lookAlike.get("approval_id")).isNotEqualTo(approval);
        assertThat(bank.balance(adas)).isEqualTo(Money.of("1000.00", "EUR"));
        assertThat(ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, landlord, "300.00", "rent", first)).structured())
                .containsEntry("status", "paid");
        assertThat(bank.balance(adas)).isEqualTo(Money.of("700.00", "EUR"));
    }

    @Test
    void aPaymentToAnotherCustomerCannotBeReversedAndARetryAfterTheRemovalAnswersIt() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        AccountNumber graces = bank.checking(bank.customer(), "0.00");
        String payee = oldPayee(ada, "Grace Hopper", graces.value());
        String payKey = key();
        Map<String, Object> paid = ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "40.00", "books", payKey)).structured();

        assertThat(error(bank.runtime().toolBox().call(ToolCalls.TELLER, answering(HumanConfirmation.UNAVAILABLE), "reverse_transaction",
                args("transaction_id", payment(paid).get("transaction_id"), "reason", "undo", "idempotency_key", key()))).text())
                .contains("a payment to another customer", "cannot be reversed");
        assertThat(bank.balance(graces)).isEqualTo(Money.of("40.00", "EUR"));

        // the answer was lost, the payee removed, and the call retried: it answers the payment, not "no payee"
        ok(bank.runtime().toolBox().call(new Principal.CustomerPrincipal(ada), answering(HumanConfirmation.UNAVAILABLE), "remove_payee",
                args("payee_id", payee)));
        assertThat(ok(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "40.00", "books", payKey)).structured())
                .containsEntry("status", "paid").containsEntry("replayed", true);
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, payee, "41.00", "books", payKey)).text())
                .contains("already used for a different payment");
    }

    @Test
    void aRefusalAboutAnInternalPayeesAccountTellsNothingAboutIt() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "500.00");
        AccountNumber dollars = bank.account(bank.customer()).currency("USD").open();
        String toDollars = oldPayee(ada, "Dollar Dan", dollars.value());
        String toNobody = oldPayee(ada, "Nobody", AccountNumber.fromSerial(89_999_999).value());
        TestBank.Snapshot before = ledgerState(bank);

        String sentence = "The payee's account at this bank cannot receive this payment; nothing was paid.";
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, toDollars, "5.00", "x", key())).text()).startsWith(sentence);
        assertThat(error(pay(ada, HumanConfirmation.UNAVAILABLE, adas, toNobody, "5.00", "x", key())).text()).startsWith(sentence);
        assertThat(ledgerState(bank)).isEqualTo(before);
    }

    @Test
    void nobodyIsAskedToApproveWhatTheDailyLimitRefuses() {
        long ada = bank.customer();
        AccountNumber adas = bank.checking(ada, "1000.00");
        String landlord = oldPayee(ada, "Landlord Ltd", IBAN);
        bank.runtime().spendingPolicies().set(new Principal.CustomerPrincipal(ada), java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.of(new java.math.BigDecimal("250.00")));
        List<ConfirmationRequest> asked = new ArrayList<>();

        assertThat(error(pay(ada, approves(ada, asked), adas, landlord, "300.00", "rent", key())).text())
                .contains("Daily outflow limit", "250.00 EUR remains");
        assertThat(asked).isEmpty();
        assertThat(bank.balance(adas)).isEqualTo(Money.of("1000.00", "EUR"));
    }
}
