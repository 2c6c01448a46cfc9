package dev.agentbank.onboarding.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.onboarding.http.ProviderClientTest;
import dev.agentbank.onboarding.model.OpeningOutcome;
import dev.agentbank.sandbox.SandboxProvider.Failure;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.testing.TestBank;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Onboarding against the built-in sandbox provider over real HTTP, on real PostgreSQL. */
class OnboardingTest {
    private static final Actor TELLER = TestBank.TELLER;
    private static TestBank bank;
    private static Onboarding onboarding;
    private static SandboxProvider sandbox;
    private static ProviderClient inspector;

    @BeforeAll
    static void openBank() {
        // A short read timeout, so injected latency becomes an unknown outcome quickly, and no client retries
        // (ProviderClientTest covers them), so an unavailable provider answers at once.
        bank = TestBank.create(Clock.systemUTC(), Map.of("BANK_PROVIDER_READ_TIMEOUT_MS", "1000",
                "BANK_PROVIDER_CALL_TIMEOUT_MS", "3000", "BANK_PROVIDER_MAX_RETRIES", "0"));
        onboarding = bank.runtime().onboarding();
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
        inspector = new ProviderClient(sandbox.url(), sandbox.token(), ProviderConfig.sandbox());
        // A cold first request can exceed the short timeout; warm both sides up.
        onboarding.open(TELLER, bank.customer(), "retail-checking", "Warm-up", key());
    }

    @AfterAll
    static void closeBank() {
        try {
            inspector.close();
            assertThat(bank.runtime().invariants().violations()).as("ledger invariants after the class").isEmpty();
        } finally {
            bank.close();
        }
    }

    @AfterEach
    void providerBehavesAgain() {
        sandbox.behave();
    }

    private static IdempotencyKey key() {
        return TestBank.newKey();
    }

    private static Account opened(OpeningOutcome outcome) {
        assertThat(outcome).isInstanceOf(OpeningOutcome.Opened.class);
        return ((OpeningOutcome.Opened) outcome).account();
    }

    private static long localAccounts(long customerId) {
        return bank.queryLong("SELECT count(*) FROM account WHERE customer_id = " + customerId);
    }

    private static long openingEntries(long customerId) {
        return bank.queryLong("SELECT count(*) FROM posting p JOIN account a ON a.id = p.account_id "
                + "WHERE a.customer_id = " + customerId + " AND p.kind = 'OPENING'");
    }

    @Test
    void opensACheckingAccountAtTheProviderAndRecordsIt() {
        long customer = bank.customer();

        Account account = opened(onboarding.open(TELLER, customer, "retail-checking", "Everyday", key()));

        assertThat(account.kind()).isEqualTo(AccountKind.CHECKING);
        assertThat(account.customerId()).isEqualTo(customer);
        assertThat(account.name()).contains("Everyday");
        assertThat(account.balance().amount()).isEqualByComparingTo("0.00");
        assertThat(account.number().value()).startsWith("AB9");
        assertThat(inspector.account(account.number())).isPresent();
        assertThat(openingEntries(customer)).isZero();
        assertThat(bank.runtime().accounts().ofCustomer(customer)).extracting(Account::number).containsExactly(account.number());
    }

    @Test
    void aSavingsAccountGetsItsOpeningBalancePostedOnce() {
        long customer = bank.customer();
        IdempotencyKey key = key();

        Account account = opened(onboarding.open(TELLER, customer, "retail-savings", "Rainy day", key));
        OpeningOutcome again = onboarding.open(TELLER, customer, "retail-savings", "Rainy day", key);

        assertThat(account.kind()).isEqualTo(AccountKind.SAVINGS);
        assertThat(bank.balance(account.number()).amount()).isEqualByComparingTo("25.00");
        assertThat(again).isInstanceOfSatisfying(OpeningOutcome.Opened.class, replay -> {
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.account().number()).isEqualTo(account.number());
        });
        assertThat(openingEntries(customer)).isEqualTo(1);
        assertThat(localAccounts(customer)).isEqualTo(1);
        assertThat(inspector.accountsOf(customer)).hasSize(1);
    }

    @Test
    void aKeyReusedForAnotherAccountIsRejected() {
        long customer = bank.customer();
        IdempotencyKey key = key();
        opened(onboarding.open(TELLER, customer, "retail-checking", "Everyday", key));

        OpeningOutcome reused = onboarding.open(TELLER, customer, "retail-savings", "Everyday", key);

        assertThat(reused).isInstanceOfSatisfying(OpeningOutcome.Rejected.class,
                rejected -> assertThat(rejected.message()).contains("already used to open a different account"));
        assertThat(localAccounts(customer)).isEqualTo(1);
    }

    @Test
    void aLocalCommitThatFailsAfterTheProvidersSuccessEndsWithExactlyOneAccount() {
        long customer = bank.customer();
        // The store step dies after the account and its opening posting were written, before the commit.
        bank.update("CREATE SEQUENCE crash_budget_" + customer);
        bank.update("CREATE FUNCTION crash_once_" + customer + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.status = 'OPENED' AND NEW.customer_id = " + customer + " AND nextval('crash_budget_" + customer + "') = 1 THEN "
                + "RAISE EXCEPTION 'simulated crash before commit'; END IF; RETURN NEW; END $$");
        bank.update("CREATE TRIGGER crash_once_" + customer + " BEFORE UPDATE ON account_opening FOR EACH ROW "
                + "EXECUTE FUNCTION crash_once_" + customer + "()");
        IdempotencyKey key = key();
        try {
            OpeningOutcome first = onboarding.open(TELLER, customer, "retail-savings", "Crash test", key);

            assertThat(first).isInstanceOfSatisfying(OpeningOutcome.Pending.class,
                    pending -> assertThat(pending.message()).contains("opened but is not recorded yet").doesNotContain("simulated"));
            assertThat(localAccounts(customer)).as("nothing recorded locally yet").isZero();
            assertThat(inspector.accountsOf(customer)).as("but the provider has opened it").hasSize(1);

            assertThat(onboarding.reconcile()).isGreaterThanOrEqualTo(1);
        } finally {
            bank.update("DROP TRIGGER crash_once_" + customer + " ON account_opening");
        }

        assertThat(localAccounts(customer)).isEqualTo(1);
        assertThat(inspector.accountsOf(customer)).hasSize(1);
        assertThat(openingEntries(customer)).isEqualTo(1);
        Account account = opened(onboarding.open(TELLER, customer, "retail-savings", "Crash test", key));
        assertThat(account.number()).isEqualTo(inspector.accountsOf(customer).getFirst().number());
        assertThat(bank.balance(account.number()).amount()).isEqualByComparingTo("25.00");
    }

    @Test
    void concurrentDuplicateRequestsEndWithOneAccount() throws Exception {
        long customer = bank.customer();
        IdempotencyKey key = key();
        int twins = 8;
        ExecutorService pool = Executors.newFixedThreadPool(twins);
        List<Future<OpeningOutcome>> futures = new ArrayList<>();
        try {
            Callable<OpeningOutcome> open = () -> onboarding.open(TELLER, customer, "retail-savings", "Twin", key);
            for (int i = 0; i < twins; i++) {
                futures.add(pool.submit(open));
            }
            List<AccountNumber> numbers = new ArrayList<>();
            for (Future<OpeningOutcome> future : futures) {
                numbers.add(opened(future.get()).number());
            }
            assertThat(numbers).containsOnly(numbers.getFirst());
            assertThat(futures.stream().filter(f -> !((OpeningOutcome.Opened) f.resultNow()).replayed())).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(localAccounts(customer)).isEqualTo(1);
        assertThat(openingEntries(customer)).isEqualTo(1);
        assertThat(inspector.accountsOf(customer)).hasSize(1);
        assertThat(bank.queryLong("SELECT count(*) FROM account_opening WHERE customer_id = " + customer)).isEqualTo(1);
    }

    @Test
    void injectedProviderFailuresLeaveNothingPendingOnceTheProviderRecovers() {
        record Case(long customer, String product, String name, IdempotencyKey key) {}
        List<Case> cases = new ArrayList<>();
        for (Failure failure : List.of(Failure.UNAVAILABLE, Failure.ERROR_AFTER_OPENING, Failure.DROP_AFTER_OPENING)) {
            Case c = new Case(bank.customer(), "retail-savings", "Flaky " + failure, key());
            sandbox.failNext(1, failure);
            OpeningOutcome outcome = onboarding.open(TELLER, c.customer(), c.product(), c.name(), c.key());
            assertThat(outcome).as(failure.name()).isInstanceOfSatisfying(OpeningOutcome.Pending.class,
                    pending -> assertThat(pending.message()).contains("same idempotency_key").doesNotContain("HTTP").doesNotContain("Exception"));
            cases.add(c);
        }
        Case slow = new Case(bank.customer(), "retail-checking", "Slow", key());
        sandbox.latency(Duration.ofMillis(1500));
        assertThat(onboarding.open(TELLER, slow.customer(), slow.product(), slow.name(), slow.key())).isInstanceOf(OpeningOutcome.Pending.class);
        cases.add(slow);
        sandbox.latency(Duration.ZERO);
        sandbox.failNext(100, Failure.UNAVAILABLE);
        assertThat(onboarding.reconcile()).as("nothing resolves while the provider is down").isZero();
        assertThat(onboarding.pendingCount()).isGreaterThanOrEqualTo(cases.size());

        sandbox.behave();
        onboarding.reconcile();

        assertThat(onboarding.pendingCount()).isZero();
        for (Case c : cases) {
            assertThat(localAccounts(c.customer())).as(c.name()).isEqualTo(1);
            assertThat(inspector.accountsOf(c.customer())).as(c.name()).hasSize(1);
            assertThat(onboarding.open(TELLER, c.customer(), c.product(), c.name(), c.key()))
                    .isInstanceOfSatisfying(OpeningOutcome.Opened.class, o -> assertThat(o.replayed()).isTrue());
        }
    }

    @Test
    void openingAndRejectingAreAuditedUnderTheCallerWithTheRequest() {
        long customer = bank.customer();
        IdempotencyKey key = key();
        Account account = opened(onboarding.open(TELLER, customer, "retail-savings", "Audited", key));
        String request = bank.queryString("SELECT request_id::text FROM account_opening WHERE customer_id = " + customer);

        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'open_account' AND outcome = 'opened'"
                + " AND actor = '" + TELLER.id() + "' AND subject = 'account:" + account.number() + "'"
                + " AND details::jsonb->>'opening_request' = '" + request + "'")).isEqualTo(1);

        ProviderClient wrongToken = new ProviderClient(sandbox.url(), new Secret("not-the-token"), ProviderConfig.sandbox());
        try {
            new Onboarding(bank.dataSource(), bank.runtime().database().sessionFactory(), bank.runtime().accountDirectory(),
                    new AuditLog(Clock.systemUTC()), wrongToken, Clock.systemUTC())
                    .open(TELLER, customer, "retail-checking", "Refused", key());
        } finally {
            wrongToken.close();
        }
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'open_account' AND outcome = 'rejected'"
                + " AND subject = 'customer:" + customer + "'")).isEqualTo(1);
    }

    @Test
    void anOpeningInAnotherCurrencyThanTheProductsIsNeverRecorded() throws Exception {
        try (mockwebserver3.MockWebServer provider = new mockwebserver3.MockWebServer()) {
            provider.start();
            long customer = bank.customer();
            String number = AccountNumber.fromSerial(98_000_000L + customer).value(); // free locally, so only the check stops it
            String usd = "{\"account_number\":\"" + number + "\",\"customer_id\":" + customer + ",\"product_code\":\"retail-savings\","
                    + "\"currency\":\"USD\",\"opening_balance\":\"0.00\",\"status\":\"active\"}";
            provider.enqueue(new mockwebserver3.MockResponse.Builder().code(201).setHeader("Content-Type", "application/json")
                    .body(usd).build());
            ProviderClient client = new ProviderClient(java.net.URI.create(provider.url("/").toString()), new Secret("token-1234"),
                    ProviderConfig.sandbox());
            try {
                OpeningOutcome outcome = new Onboarding(bank.dataSource(), bank.runtime().database().sessionFactory(),
                        bank.runtime().accountDirectory(), new AuditLog(Clock.systemUTC()), client, Clock.systemUTC())
                        .open(TELLER, customer, "retail-savings", "Dollars", key());

                assertThat(outcome).isInstanceOf(OpeningOutcome.Pending.class);
                assertThat(localAccounts(customer)).isZero();
                assertThat(bank.queryLong("SELECT count(*) FROM account WHERE currency = 'USD'")).isZero();
                assertThat(bank.queryLong("SELECT count(*) FROM account_opening WHERE status = 'PENDING' AND customer_id = " + customer))
                        .isEqualTo(1);
            } finally {
                client.close();
                bank.update("DELETE FROM account_opening WHERE customer_id = " + customer); // not for the reconciler of other tests
            }
        }
    }

    @Test
    void aDefiniteRejectionMarksTheRequestFailedAndIsReplayed() {
        ProviderClient wrongToken = new ProviderClient(sandbox.url(), new Secret("not-the-token"), ProviderConfig.sandbox());
        Onboarding misconfigured = new Onboarding(bank.dataSource(), bank.runtime().database().sessionFactory(),
                bank.runtime().accountDirectory(), new AuditLog(Clock.systemUTC()), wrongToken, Clock.systemUTC());
        long customer = bank.customer();
        IdempotencyKey key = key();
        try {
            OpeningOutcome first = misconfigured.open(TELLER, customer, "retail-checking", "Everyday", key);
            OpeningOutcome again = onboarding.open(TELLER, customer, "retail-checking", "Everyday", key);

            assertThat(first).isInstanceOfSatisfying(OpeningOutcome.Rejected.class,
                    rejected -> assertThat(rejected.message()).contains("not authorised").doesNotContain("not-the-token"));
            assertThat(again).as("the same key replays the rejection, without opening").isEqualTo(first);
            assertThat(bank.queryLong("SELECT count(*) FROM account_opening WHERE status = 'FAILED' AND customer_id = " + customer)).isEqualTo(1);
            assertThat(localAccounts(customer)).isZero();
            assertThat(inspector.accountsOf(customer)).isEmpty();
        } finally {
            wrongToken.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "line\nbreak", "tab\there", "nul\u0000char", "zero\u200Bwidth", "OVERSIZED"})
    void aBadAccountNameIsRejectedAndNothingIsStored(String name) {
        String accountName = name.equals("OVERSIZED") ? "x".repeat(101) : name;
        long customer = bank.customer();
        TestBank.Snapshot before = bank.snapshot();
        long requests = bank.queryLong("SELECT count(*) FROM account_opening");
        long providerOpenings = sandbox.openings();

        OpeningOutcome outcome = onboarding.open(TELLER, customer, "retail-checking", accountName, key());

        assertThat(outcome).isInstanceOfSatisfying(OpeningOutcome.Rejected.class,
                rejected -> assertThat(rejected.message()).startsWith("account_name"));
        assertThat(bank.snapshot()).isEqualTo(before);
        assertThat(bank.queryLong("SELECT count(*) FROM account_opening")).isEqualTo(requests);
        assertThat(sandbox.openings()).isEqualTo(providerOpenings);
    }

    @Test
    void unknownProductsAndCustomersAreRejectedAndNothingIsStored() {
        long customer = bank.customer();
        TestBank.Snapshot before = bank.snapshot();
        long providerOpenings = sandbox.openings();

        OpeningOutcome gold = onboarding.open(TELLER, customer, "retail-gold", "Shiny", key());
        OpeningOutcome none = onboarding.open(TELLER, customer, null, "Shiny", key());
        OpeningOutcome nobody = onboarding.open(TELLER, 987_654_321L, "retail-checking", "Ghost", key());
        OpeningOutcome noKey = onboarding.open(TELLER, customer, "retail-checking", "Keyless", null);

        assertThat(gold).isEqualTo(new OpeningOutcome.Rejected(
                "Unknown product code 'retail-gold'. Use one of: retail-checking, retail-savings."));
        assertThat(none).isInstanceOf(OpeningOutcome.Rejected.class);
        assertThat(nobody).isEqualTo(new OpeningOutcome.Rejected("No customer 987654321 was found."));
        assertThat(noKey).isInstanceOf(OpeningOutcome.Rejected.class);
        assertThat(bank.snapshot()).isEqualTo(before);
        assertThat(bank.queryLong("SELECT count(*) FROM account_opening WHERE customer_id IN (" + customer + ", 987654321)")).isZero();
        assertThat(sandbox.openings()).isEqualTo(providerOpenings);
    }
}
