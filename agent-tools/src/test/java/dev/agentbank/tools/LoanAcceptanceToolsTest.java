package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * accept_loan_offer on real PostgreSQL: the customer is asked every time, whatever the amount; the loan is paid out
 * exactly once however the call is repeated or raced; nothing is accepted without the human, after the offer expired,
 * or from a state with no offer. withdraw_loan_application ends an application before acceptance.
 */
class LoanAcceptanceToolsTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final MutableClock clock = new MutableClock(NOW);
    private static TestBank bank;
    private static SandboxProvider sandbox;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @AfterEach
    void ledgerStillHolds() {
        clock.set(NOW);
        assertThat(bank.runtime().invariants().violations()).isEmpty();
    }

    private record Applicant(long id, AccountNumber checking) {
        Principal principal() {
            return new Principal.CustomerPrincipal(id);
        }
    }

    /** A customer known for 200 days, paid 3,000.00 three times in the last 90, with a good credit score. */
    private static Applicant applicant() {
        clock.set(NOW.minus(Duration.ofDays(200)));
        long id = bank.customer();
        AccountNumber checking = bank.account(id).open();
        for (int daysAgo : new int[] {80, 50, 20}) {
            clock.set(NOW.minus(Duration.ofDays(daysAgo)));
            bank.deposit(checking, "3000.00");
        }
        clock.set(NOW);
        sandbox.setCreditProfile(id, 760, 0);
        return new Applicant(id, checking);
    }

    private static CallContext answering(HumanConfirmation human) {
        return new CallContext("test-transport", "tool-tests 1.2.3", "session-42", human);
    }

    private static HumanConfirmation confirms(Applicant applicant) {
        return request -> new HumanConfirmation.Answer.Approved("customer:" + applicant.id(), "chat-terminal");
    }

    /** An application with an offer of 5,000.00 over 36 months. */
    private static String approved(Applicant applicant) {
        String id = (String) ok(bank.runtime().toolBox().call(TELLER, CONTEXT, "start_loan_application", args("product",
                "personal-loan", "idempotency_key", key(), "customer_id", applicant.id(), "amount", "5000.00", "term_months", 36,
                "purpose", "car", "monthly_net_income", "3000.00", "monthly_housing_cost", "500.00", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 36, "disbursement_account", applicant.checking().value())))
                .structured().get("application_id");
        Map<String, Object> submitted = ok(bank.runtime().toolBox().call(TELLER, answering(confirms(applicant)),
                "submit_loan_application", args("application_id", id, "idempotency_key", key()))).structured();
        assertThat(submitted).containsEntry("status", "approved");
        return id;
    }

    private static ToolResult accept(Applicant applicant, HumanConfirmation human, String id, String key) {
        return bank.runtime().toolBox().call(applicant.principal(), answering(human), "accept_loan_offer",
                args("application_id", id, "idempotency_key", key));
    }

    private static long loans(String applicationId) {
        return bank.queryLong("SELECT count(*) FROM loan WHERE application_id = '" + applicationId + "'");
    }

    @Test
    void acceptingAsksTheCustomerEveryFigureThenPaysTheLoanOutOnce() {
        Applicant ada = applicant();
        String id = approved(ada);
        List<ConfirmationRequest> asked = new ArrayList<>();
        String acceptKey = key();

        Map<String, Object> answer = ok(accept(ada, request -> {
            asked.add(request);
            return new HumanConfirmation.Answer.Approved("customer:" + ada.id(), "chat-terminal");
        }, id, acceptKey)).structured();

        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.subject()).isEqualTo("loan offer acceptance");
            assertThat(request.describe()).contains("You borrow: 5000.00 EUR over 36 months", "Arrangement fee: 50.00 EUR",
                    "Paid into " + ada.checking() + ": 4950.00 EUR", "APR: ");
        });
        assertThat(answer).containsEntry("status", "disbursed").containsEntry("confirmation", "given")
                .containsEntry("payout", "4950.00").containsEntry("payout_account", ada.checking().value())
                .containsEntry("first_due_date", "2027-01-01");
        String loanId = (String) answer.get("loan_id");
        assertThat(loanId).startsWith("LN-");
        // 9,000.00 of salary and the payout, less the fee; the fee went to the bank's income
        assertThat(bank.balance(ada.checking()).amount()).isEqualByComparingTo("13950.00");
        assertThat(loans(id)).isEqualTo(1);
        assertThat(bank.queryString("SELECT acceptance_channel || ' ' || acceptance_given_by FROM loan_application WHERE id = '"
                + id + "'")).isEqualTo("chat-terminal customer:" + ada.id());

        Map<String, Object> application = ok(bank.runtime().toolBox().call(ada.principal(), CONTEXT, "get_loan_application",
                args("application_id", id))).structured();
        assertThat(application).containsEntry("status", "disbursed").containsEntry("loan_id", loanId);
        Map<String, Object> loan = ok(bank.runtime().toolBox().call(ada.principal(), CONTEXT, "get_loan",
                args("loan_id", loanId))).structured();
        assertThat(loan).containsEntry("outstanding_principal", "5000.00");

        AtomicInteger askedAgain = new AtomicInteger();
        Map<String, Object> replay = ok(accept(ada, request -> {
            askedAgain.incrementAndGet();
            return new HumanConfirmation.Answer.Declined("chat-terminal");
        }, id, acceptKey)).structured();
        assertThat(replay).containsEntry("confirmation", "given_earlier").containsEntry("loan_id", loanId)
                .containsEntry("transaction_id", answer.get("transaction_id"));
        assertThat(askedAgain).hasValue(0);
        assertThat(error(accept(ada, confirms(ada), id, key())).text()).contains("has already been accepted");
        assertThat(bank.balance(ada.checking()).amount()).isEqualByComparingTo("13950.00");
        assertThat(loans(id)).isEqualTo(1);
    }

    @Test
    void racingAcceptsUnderDifferentKeysPayOutExactlyOnce() throws Exception {
        Applicant grace = applicant();
        String id = approved(grace);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<ToolResult>> calls = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 6; i++) {
                Callable<ToolResult> call = () -> {
                    go.await();
                    return accept(grace, confirms(grace), id, key());
                };
                calls.add(pool.submit(call));
            }
            go.countDown();
            int paid = 0;
            for (Future<ToolResult> call : calls) {
                ToolResult result = call.get();
                if (!result.isError()) {
                    assertThat(result.structured()).containsEntry("status", "disbursed");
                    paid++;
                } else {
                    assertThat(result.text()).contains("already been accepted");
                }
            }
            assertThat(paid).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(loans(id)).isEqualTo(1);
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE kind = 'DISBURSEMENT' AND idempotency_key = 'disburse-"
                + id + "'")).isEqualTo(1);
        assertThat(bank.balance(grace.checking()).amount()).isEqualByComparingTo("13950.00");
    }

    @Test
    void withoutTheHumansYesNothingIsAcceptedAndNothingMoves() {
        Applicant bob = applicant();
        String id = approved(bob);
        long entries = bank.snapshot().journalEntries();

        assertThat(ok(accept(bob, request -> new HumanConfirmation.Answer.Declined("chat-terminal"), id, key())).structured())
                .containsEntry("confirmation", "declined").containsEntry("status", "approved");
        assertThat(ok(accept(bob, request -> new HumanConfirmation.Answer.Cancelled("mcp-elicitation"), id, key())).structured())
                .containsEntry("confirmation", "cancelled");
        // a client that cannot ask: the confirmation waits for ./bank approvals, and the model cannot give it
        Map<String, Object> waiting = ok(accept(bob, HumanConfirmation.UNAVAILABLE, id, "bob-accept-1")).structured();
        assertThat(waiting).containsEntry("confirmation", "awaiting_approval").containsEntry("status", "approved");
        assertThat(bank.snapshot().journalEntries()).isEqualTo(entries);
        assertThat(loans(id)).isZero();

        String approval = (String) waiting.get("approval_id");
        assertThat(bank.runtime().approvals().approve(approval, Actor.of("operator", "olga"), "cli").done()).isTrue();
        Map<String, Object> accepted = ok(accept(bob, HumanConfirmation.UNAVAILABLE, id, "bob-accept-1")).structured();
        assertThat(accepted).containsEntry("status", "disbursed").containsEntry("confirmation", "given");
        assertThat(bank.queryString("SELECT acceptance_given_by FROM loan_application WHERE id = '" + id + "'"))
                .isEqualTo("operator:olga");
        assertThat(loans(id)).isEqualTo(1);
    }

    @Test
    void anExpiredOfferOrAnApplicationWithoutOneCannotBeAccepted() {
        Applicant carol = applicant();
        String id = approved(carol);
        clock.set(NOW.plus(Duration.ofDays(14)));
        AtomicInteger asked = new AtomicInteger();
        HumanConfirmation counting = request -> {
            asked.incrementAndGet();
            return new HumanConfirmation.Answer.Approved("customer:" + carol.id(), "chat-terminal");
        };

        assertThat(error(accept(carol, counting, id, key())).text()).contains("expired on 2026-12-15 09:00 UTC");
        assertThat(bank.queryString("SELECT status FROM loan_application WHERE id = '" + id + "'")).isEqualTo("EXPIRED");

        String draft = (String) ok(bank.runtime().toolBox().call(carol.principal(), CONTEXT, "start_loan_application",
                args("product", "personal-loan", "idempotency_key", key()))).structured().get("application_id");
        assertThat(error(accept(carol, counting, draft, key())).text()).contains("has not been submitted yet");
        assertThat(asked).hasValue(0);
        assertThat(loans(id)).isZero();
    }

    @Test
    void theExpiryJobEndsOffersAndDraftsThatNobodyReads() {
        Applicant erin = applicant();
        String offer = approved(erin);
        String draft = (String) ok(bank.runtime().toolBox().call(erin.principal(), CONTEXT, "start_loan_application",
                args("product", "personal-loan", "idempotency_key", key()))).structured().get("application_id");
        var service = bank.runtime().loanApplications();

        clock.set(NOW.plus(Duration.ofDays(14)).minusNanos(1000));
        service.expireDue();
        assertThat(status(offer)).isEqualTo("APPROVED");
        clock.set(NOW.plus(Duration.ofDays(14)));
        assertThat(service.expireDue()).isGreaterThanOrEqualTo(1);
        assertThat(status(offer)).isEqualTo("EXPIRED");
        assertThat(status(draft)).isEqualTo("DRAFT");
        clock.set(NOW.plus(Duration.ofDays(30)));
        service.expireDue();
        assertThat(status(draft)).isEqualTo("EXPIRED");
        assertThat(bank.queryString("SELECT actor FROM audit_event WHERE action = 'expire_loan_application' AND subject = "
                + "'loan_application:" + draft + "'")).isEqualTo("system:loan-expiry");
        assertThat(service.expireDue()).isZero();
    }

    private static String status(String id) {
        return bank.queryString("SELECT status FROM loan_application WHERE id = '" + id + "'");
    }

    @Test
    void anotherCustomersOfferReadsLikeOneThatDoesNotExist() {
        Applicant owner = applicant();
        Applicant other = applicant();
        String id = approved(owner);
        String missing = "LA-" + "0".repeat(12);

        String foreign = error(accept(other, confirms(other), id, key())).text();
        String none = error(accept(other, confirms(other), missing, key())).text();
        assertThat(foreign.replace(id, "<id>")).isEqualTo(none.replace(missing, "<id>"));
        assertThat(loans(id)).isZero();
    }

    @Test
    void withdrawingEndsAnApplicationBeforeAcceptanceOnly() {
        Applicant dan = applicant();
        String offered = approved(dan);
        Map<String, Object> withdrawn = ok(bank.runtime().toolBox().call(dan.principal(), CONTEXT, "withdraw_loan_application",
                args("application_id", offered))).structured();
        assertThat(withdrawn).containsEntry("status", "withdrawn");
        assertThat(error(accept(dan, confirms(dan), offered, key())).text()).contains("was withdrawn");

        String paid = approved(dan);
        ok(accept(dan, confirms(dan), paid, key()));
        assertThat(error(bank.runtime().toolBox().call(dan.principal(), CONTEXT, "withdraw_loan_application",
                args("application_id", paid))).text()).contains("already been paid out");
    }
}
