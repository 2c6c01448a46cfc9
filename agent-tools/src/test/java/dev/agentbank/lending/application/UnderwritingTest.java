package dev.agentbank.lending.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.config.Secret;
import dev.agentbank.ledger.application.IncomeHistory;
import dev.agentbank.lending.http.ProviderCreditBureau;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.LoanDecisions;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Decision;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Status;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.lending.model.UnderwritingRules;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Underwriting after submit and from the retry job, on real PostgreSQL, the sandbox's credit bureau over HTTP, and
 * a clock the test moves: the ledger history of each customer is laid down in the past, then the customer applies.
 */
class UnderwritingTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final Principal TELLER = new Principal.Staff(Role.TELLER, "tina");
    static final MutableClock clock = new MutableClock(NOW);
    static TestBank bank;
    static SandboxProvider sandbox;

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
    void back() {
        sandbox.behave();
        clock.set(NOW);
    }

    /** A customer with a checking account opened {@code accountDays} ago and {@code monthly} paid in each month since. */
    static Customer customer(int accountDays, String monthly, int score) {
        clock.set(NOW.minus(Duration.ofDays(accountDays)));
        long id = bank.customer();
        AccountNumber checking = bank.account(id).open();
        for (int daysAgo : new int[] {80, 50, 20}) {
            if (daysAgo < accountDays) {
                clock.set(NOW.minus(Duration.ofDays(daysAgo)));
                bank.deposit(checking, monthly);
            }
        }
        clock.set(NOW);
        sandbox.setCreditProfile(id, score, 0);
        return new Customer(id, checking);
    }

    record Customer(long id, AccountNumber checking) {}

    static ApplicationId draft(Customer customer, String amount, int term, String stated, String housing) {
        LoanApplication draft = bank.runtime().loanApplications().start(TELLER, customer.id(), "personal-loan",
                new IdempotencyKey(TestBank.newKey().value()), FieldChanges.none()
                        .withAmount(new BigDecimal(amount)).withTermMonths(term).withPurpose("car")
                        .withMonthlyNetIncome(new BigDecimal(stated)).withMonthlyHousingCost(new BigDecimal(housing))
                        .withMonthlyDebtPayments(BigDecimal.ZERO).withEmploymentStatus("employed").withMonthsEmployed(40)
                        .withDisbursementAccount(customer.checking().value()));
        return draft.id();
    }

    static LoanApplication submit(ApplicationId id) {
        HumanConfirmation consenting = request -> new HumanConfirmation.Answer.Approved("teller:tina", "chat-terminal");
        return bank.runtime().loanApplications().submit(TELLER, id.value(), new IdempotencyKey(TestBank.newKey().value()),
                consenting).application();
    }

    static long decisions(ApplicationId id) {
        return bank.queryLong("SELECT count(*) FROM loan_decision WHERE application_id = '" + id.value() + "'");
    }

    static LoanApplication read(ApplicationId id) {
        return bank.runtime().loanApplications().get(TELLER, id.value());
    }

    @Test
    void aGoodApplicationIsApprovedRightAfterSubmitWithItsOfferStored() {
        Customer ada = customer(200, "3000.00", 760);
        ApplicationId id = draft(ada, "5000.00", 36, "3000.00", "500.00");

        LoanApplication answered = submit(id);

        assertThat(answered).isInstanceOfSatisfying(LoanApplication.Approved.class, approved -> {
            assertThat(approved.offer().amount()).isEqualTo(Money.of("5000.00", "EUR"));
            assertThat(approved.offer().band()).isEqualTo(RiskBand.A);
            assertThat(approved.isCounterOffer()).isFalse();
            assertThat(approved.offerExpiresAt()).isEqualTo(NOW.plus(Duration.ofDays(14)));
        });
        assertThat(read(id)).isEqualTo(answered);
        assertThat(decisions(id)).isEqualTo(1);
        assertThat(bank.queryString("SELECT outcome || ' ' || verified_monthly_income || ' ' || credit_score || ' '"
                + " || oldest_account_age_days || ' ' || decided_by FROM loan_decision WHERE application_id = '" + id.value() + "'"))
                .isEqualTo("APPROVED 3000.00 760 200 teller:tina");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'underwrite_loan_application'"
                + " AND subject = 'loan_application:" + id.value() + "' AND outcome = 'approved'")).isEqualTo(1);
    }

    @Test
    void aLowScoreIsDeclinedWithItsReasonInPlainWords() {
        Customer bo = customer(200, "3000.00", 540);
        ApplicationId id = draft(bo, "5000.00", 36, "3000.00", "500.00");

        LoanApplication answered = submit(id);

        assertThat(answered).isInstanceOfSatisfying(LoanApplication.Declined.class, declined ->
                assertThat(declined.reasons()).containsExactly("Your credit score of 540 is below the minimum of 580."));
        assertThat(read(id)).isEqualTo(answered);
    }

    @Test
    void anIncomeTheLedgerDoesNotShowIsReferredToAnOfficer() {
        // states 5,000 a month; the ledger shows 1,000
        Customer cy = customer(200, "1000.00", 760);
        ApplicationId id = draft(cy, "3000.00", 36, "5000.00", "0");

        LoanApplication answered = submit(id);

        assertThat(answered).isInstanceOfSatisfying(LoanApplication.Referred.class, referred -> {
            assertThat(referred.reasons()).containsExactly("The income paid into your accounts, 1000.00 EUR a month, is below"
                    + " 70 % of the 5000.00 EUR you stated, so a loan officer will review the application.");
            assertThat(referred.decision().input().verifiedMonthlyIncome()).isEqualByComparingTo("1000.00");
        });
        assertThat(read(id)).isEqualTo(answered);
    }

    @Test
    void withNoCreditFileTheApplicationIsDeclinedWithThatReason() {
        Customer di = customer(200, "3000.00", 760);
        sandbox.setNoCreditFile(di.id());
        ApplicationId id = draft(di, "5000.00", 36, "3000.00", "500.00");

        assertThat(submit(id)).isInstanceOfSatisfying(LoanApplication.Declined.class, declined ->
                assertThat(declined.reasons()).containsExactly(LoanApplication.NO_CREDIT_FILE));
        assertThat(decisions(id)).isZero();
    }

    @Test
    void whenTheBureauIsDownTheApplicationWaitsAndTheJobDecidesItOnceItAnswers() {
        Customer ed = customer(200, "3000.00", 760);
        ApplicationId id = draft(ed, "5000.00", 36, "3000.00", "500.00");
        sandbox.failNext(SandboxProvider.Endpoint.CREDIT_REPORT, 100, SandboxProvider.Failure.UNAVAILABLE);

        assertThat(submit(id).status()).isEqualTo(Status.SUBMITTED);
        assertThat(decisions(id)).isZero();

        Underwriting job = bank.runtime().underwriting();
        clock.advance(Duration.ofSeconds(30));
        job.retryDue();                                      // not due yet: the first retry waits a minute
        assertThat(read(id).status()).isEqualTo(Status.SUBMITTED);

        clock.advance(Duration.ofSeconds(31));
        job.retryDue();                                      // due, but the bureau is still down: waits two minutes more
        assertThat(read(id).status()).isEqualTo(Status.SUBMITTED);
        assertThat(bank.queryLong("SELECT underwriting_attempts FROM loan_application WHERE id = '" + id.value() + "'"))
                .isEqualTo(2);

        sandbox.behave();
        clock.advance(Duration.ofSeconds(119));
        job.retryDue();
        assertThat(read(id).status()).isEqualTo(Status.SUBMITTED);
        clock.advance(Duration.ofSeconds(1));
        job.retryDue();
        assertThat(read(id).status()).isEqualTo(Status.APPROVED);
        job.retryDue();
        assertThat(decisions(id)).isEqualTo(1);
        assertThat(bank.queryString("SELECT decided_by FROM loan_decision WHERE application_id = '" + id.value() + "'"))
                .isEqualTo("job:loan-underwriting");
    }

    @Test
    void concurrentRunsDecideOnce() throws Exception {
        Customer fe = customer(200, "3000.00", 760);
        ApplicationId id = draft(fe, "5000.00", 36, "3000.00", "500.00");
        sandbox.failNext(SandboxProvider.Endpoint.CREDIT_REPORT, 100, SandboxProvider.Failure.UNAVAILABLE);
        assertThat(submit(id).status()).isEqualTo(Status.SUBMITTED);
        sandbox.behave();

        int runs = 4;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        try {
            List<Future<LoanApplication>> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Callable<LoanApplication> run = () -> {
                    go.await();
                    return bank.runtime().underwriting().underwrite(id, Underwriting.JOB_ACTOR);
                };
                results.add(pool.submit(run));
            }
            go.countDown();
            for (Future<LoanApplication> result : results) {
                assertThat(result.get().status()).isEqualTo(Status.APPROVED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(decisions(id)).isEqualTo(1);
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'underwrite_loan_application'"
                + " AND subject = 'loan_application:" + id.value() + "'")).isEqualTo(1);
    }

    @Test
    void aStoredDecisionReplaysToAnEqualDecision() {
        Customer gi = customer(60, "1500.00", 700);       // a young account refers, too
        ApplicationId id = draft(gi, "12000.00", 48, "2000.00", "400.00");
        submit(id);

        LoanDecisions.Stored stored = bank.runtime().underwriting().decisionOf(id).orElseThrow();
        LoanProduct product = bank.runtime().loanApplications().products().stream()
                .filter(p -> p.code().equals("personal-loan")).findFirst().orElseThrow();
        Decision replayed = new UnderwritingRules(product).decide(stored.decision().input());

        assertThat(stored.decision().rulesVersion()).isEqualTo(UnderwritingRules.VERSION);
        assertThat(replayed).isEqualTo(stored.decision());
        assertThat(stored.decision().results()).hasSizeGreaterThan(5);
    }

    @Test
    void aBureauThatTimesOutDecidesNothingAndTheNextAttemptDecides() throws Exception {
        Customer hu = customer(200, "3000.00", 760);
        ApplicationId id = draft(hu, "5000.00", 36, "3000.00", "500.00");
        sandbox.failNext(SandboxProvider.Endpoint.CREDIT_REPORT, 100, SandboxProvider.Failure.UNAVAILABLE);
        assertThat(submit(id).status()).isEqualTo(Status.SUBMITTED);
        sandbox.behave();

        try (MockWebServer server = new MockWebServer()) {
            server.start();
            ProviderCreditBureau bureau = new ProviderCreditBureau(URI.create(server.url("/").toString()),
                    new Secret("mock-bureau-token"), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofSeconds(1), 0,
                    Duration.ofMillis(10), Clock.systemUTC());
            var runtime = bank.runtime();
            Underwriting underwriting = new Underwriting(runtime.database().jdbc(), new LoanProducts(runtime.database().jdbc()),
                    new LoanApplications(), new LoanDecisions(), () -> bureau, new IncomeHistory(runtime.database().jdbc()),
                    runtime.accountDirectory(), runtime.auditLog(), clock);
            server.enqueue(new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).body("{}").build());

            assertThat(underwriting.underwrite(id, Underwriting.JOB_ACTOR).status()).isEqualTo(Status.SUBMITTED);
            assertThat(decisions(id)).isZero();

            server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                    .body("{\"customer_id\":" + hu.id() + ",\"score\":530,\"delinquencies\":3,"
                            + "\"reported_at\":\"2026-12-01T11:00:00Z\",\"bureau_reference\":\"mock-77\"}").build());
            LoanApplication decided = underwriting.underwrite(id, Underwriting.JOB_ACTOR);

            assertThat(decided.status()).isEqualTo(Status.DECLINED);
            assertThat(underwriting.decisionOf(id).orElseThrow().bureauReference()).isEqualTo("mock-77");
            assertThat(underwriting.decisionOf(id).orElseThrow().decision().input().delinquencies()).isEqualTo(3);
            bureau.close();
        }
    }

    @Test
    void theRetryWaitDoublesFromAMinuteToAnHour() {
        assertThat(Underwriting.backoff(0)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Underwriting.backoff(1)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Underwriting.backoff(5)).isEqualTo(Duration.ofMinutes(32));
        assertThat(Underwriting.backoff(6)).isEqualTo(Duration.ofHours(1));
        assertThat(Underwriting.backoff(1000)).isEqualTo(Duration.ofHours(1));
        assertThat(bank.runtime().loanUnderwriting(Duration.ofSeconds(30)).name()).isEqualTo("loan-underwriting");
    }
}
