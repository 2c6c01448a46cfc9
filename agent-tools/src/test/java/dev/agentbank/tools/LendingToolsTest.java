package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.ANALYST;
import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loan application drafts through the tools, on real PostgreSQL: saved, resumed, checked and kept to their customer. */
class LendingToolsTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private static TestBank bank;
    private static long alice;
    private static long bob;
    private static AccountNumber aliceChecking;
    private static AccountNumber aliceSavings;
    private static AccountNumber bobChecking;

    @BeforeAll
    static void openBank() {
        // these tests are about drafts and consent: the credit bureau never answers, so a submission stays submitted
        // (underwriting has its own tests)
        bank = TestBank.create(clock, Map.of("BANK_PROVIDER_URL", "http://127.0.0.1:" + closedPort() + "/",
                "BANK_PROVIDER_TOKEN", "no-such-provider-token", "BANK_PROVIDER_MAX_RETRIES", "0"));
        alice = bank.customer();
        bob = bank.customer();
        aliceChecking = bank.account(alice).open();
        aliceSavings = bank.account(alice).kind(AccountKind.SAVINGS).open();
        bobChecking = bank.account(bob).open();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    /** A second runtime on the same database: nothing in memory is shared with the first, as after a restart. */
    private static BankRuntime restarted() throws Exception {
        BankConfig config = BankConfig.from(Settings.of(Map.of("BANK_HOME", Files.createTempDirectory("agentbank-restart").toString())));
        return new BankRuntime(bank.runtime().database(), config, clock);
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return bank.runtime().toolBox().call(principal, CONTEXT, tool, arguments);
    }

    private static String start(Principal principal, Object... more) {
        Map<String, Object> arguments = args("product", "personal-loan", "idempotency_key", key());
        for (int i = 0; i < more.length; i += 2) {
            arguments.put((String) more[i], more[i + 1]);
        }
        return (String) ok(call(principal, "start_loan_application", arguments)).structured().get("application_id");
    }

    @Test
    void aDraftStartedInOneRuntimeIsResumedAndCompletedInAnother() throws Exception {
        ToolResult started = ok(call(customer(alice), "start_loan_application", args("product", "personal-loan",
                "idempotency_key", key(), "amount", "12000.00", "purpose", "used car")));
        String id = (String) started.structured().get("application_id");
        assertThat(id).matches("LA-[0-9A-Z]{12}");
        assertThat(started.structured()).containsEntry("status", "draft");
        assertThat(((Number) started.structured().get("customer_id")).longValue()).isEqualTo(alice);

        ToolBox afterRestart = restarted().toolBox();
        ok(afterRestart.call(customer(alice), CONTEXT, "update_loan_application", args("application_id", id,
                "term_months", 48, "monthly_net_income", "3200", "monthly_housing_cost", "900.50",
                "monthly_debt_payments", "0", "employment_status", "Employed")));

        ToolResult resumed = ok(restarted().toolBox().call(customer(alice), CONTEXT, "get_loan_application", args("application_id", id)));
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) resumed.structured().get("fields");
        assertThat(fields.get("term_months")).hasToString("48");
        assertThat(fields).containsEntry("amount", "12000.00")
                .containsEntry("purpose", "used car").containsEntry("monthly_net_income", "3200.00")
                .containsEntry("monthly_housing_cost", "900.50").containsEntry("monthly_debt_payments", "0.00")
                .containsEntry("employment_status", "employed").containsEntry("currency", "EUR")
                .doesNotContainKeys("months_employed", "disbursement_account");
        assertThat(resumed.structured().get("missing_fields")).isEqualTo(List.of("months_employed", "disbursement_account"));
        assertThat((String) resumed.structured().get("next_step")).startsWith("Ask the customer for: months_employed, disbursement_account");

        ok(call(customer(alice), "update_loan_application", args("application_id", id, "months_employed", 30,
                "disbursement_account", aliceChecking.value())));
        ToolResult complete = ok(call(customer(alice), "get_loan_application", args("application_id", id)));
        assertThat(complete.structured().get("missing_fields")).isEqualTo(List.of());
        assertThat((String) complete.structured().get("next_step")).startsWith("Every field is saved.");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'loan_application:" + id
                + "' AND action IN ('start_loan_application', 'update_loan_application')")).isEqualTo(3);
    }

    @Test
    void aRetriedStartReturnsTheSameDraftAndAReusedKeyForAnotherCustomerIsRefused() {
        String sameKey = key();
        Map<String, Object> arguments = args("product", "personal-loan", "idempotency_key", sameKey, "customer_id", alice,
                "amount", "5000");
        String first = (String) ok(call(TELLER, "start_loan_application", arguments)).structured().get("application_id");
        String again = (String) ok(call(TELLER, "start_loan_application", arguments)).structured().get("application_id");
        assertThat(again).isEqualTo(first);
        assertThat(bank.queryLong("SELECT count(*) FROM loan_application WHERE idempotency_key = '" + sameKey + "'")).isEqualTo(1);

        String refused = error(call(TELLER, "start_loan_application", args("product", "personal-loan",
                "idempotency_key", sameKey, "customer_id", bob))).text();
        assertThat(refused).isEqualTo("idempotency_key " + sameKey + " was already used to start application " + first
                + " for another customer or product; make a new key for a new application.");
    }

    @Test
    void anUpdateWithOneBadFieldSavesNothingAndNamesEveryBadField() {
        String id = start(customer(alice), "purpose", "kitchen");
        String text = error(call(customer(alice), "update_loan_application", args("application_id", id,
                "amount", "999.99", "term_months", 120, "purpose", "new kitchen"))).text();
        assertThat(text).isEqualTo("Nothing was saved. amount must be from 1000.00 to 50000.00 EUR."
                + " term_months must be from 6 to 84 months, got 120.");
        String notANumber = error(call(customer(alice), "update_loan_application", args("application_id", id,
                "purpose", "new kitchen", "monthly_net_income", "3,200"))).text();
        assertThat(notANumber).isEqualTo("Nothing was saved. monthly_net_income must be a plain decimal number such as 2500.00, got \"3,200\".");

        Map<String, Object> saved = ok(call(customer(alice), "get_loan_application", args("application_id", id))).structured();
        assertThat(saved.get("fields")).isEqualTo(Map.of("purpose", "kitchen"));
    }

    @Test
    void anotherCustomersApplicationAnswersLikeOneThatDoesNotExist() {
        String id = start(customer(alice));
        String missing = "LA-000000000000";
        String getOther = error(call(customer(bob), "get_loan_application", args("application_id", id))).text();
        String getMissing = error(call(customer(bob), "get_loan_application", args("application_id", missing))).text();
        assertThat(getOther).isEqualTo("No loan application " + id + " is available to you.");
        assertThat(getMissing).isEqualTo("No loan application " + missing + " is available to you.");
        assertThat(error(call(customer(bob), "update_loan_application", args("application_id", id, "purpose", "mine now"))).text())
                .isEqualTo(getOther);
        assertThat(error(call(customer(bob), "start_loan_application", args("product", "personal-loan",
                "idempotency_key", key(), "customer_id", alice))).text()).isEqualTo("No customer " + alice + " is available to you.");
        assertThat(ok(call(customer(alice), "get_loan_application", args("application_id", id))).structured().get("fields"))
                .isEqualTo(Map.of());
    }

    @Test
    void anAnalystReadsApplicationsButStartsAndChangesNone() {
        String id = start(TELLER, "customer_id", alice);
        assertThat(ok(call(ANALYST, "get_loan_application", args("application_id", id))).structured()).containsEntry("status", "draft");
        assertThat(error(call(ANALYST, "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", alice))).text()).startsWith("No tool 'start_loan_application' is available to you");
        assertThat(error(call(ANALYST, "update_loan_application", args("application_id", id, "purpose", "x"))).text())
                .startsWith("No tool 'update_loan_application' is available to you");
    }

    @Test
    void theDisbursementAccountMustBeTheCustomersOwnCheckingAccount() {
        String id = start(customer(alice));
        String expected = "Nothing was saved. disbursement_account must be one of the customer's own open checking accounts; %s is not."
                + " Their checking account is " + aliceChecking + ".";
        assertThat(error(call(customer(alice), "update_loan_application", args("application_id", id,
                "disbursement_account", bobChecking.value(), "purpose", "boat"))).text()).isEqualTo(expected.formatted(bobChecking));
        assertThat(error(call(customer(alice), "update_loan_application", args("application_id", id,
                "disbursement_account", aliceSavings.value()))).text()).isEqualTo(expected.formatted(aliceSavings));
        assertThat(error(call(customer(alice), "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "disbursement_account", bobChecking.value()))).text()).isEqualTo(expected.formatted(bobChecking));
        assertThat(ok(call(customer(alice), "get_loan_application", args("application_id", id))).structured().get("fields"))
                .isEqualTo(Map.of());

        Map<String, Object> saved = ok(call(customer(alice), "update_loan_application", args("application_id", id,
                "disbursement_account", aliceChecking.value()))).structured();
        assertThat(saved.get("fields")).isEqualTo(Map.of("disbursement_account", aliceChecking.value()));
    }

    @Test
    void anUnknownProductIsRefusedNamingTheProducts() {
        assertThat(error(call(customer(alice), "start_loan_application", args("product", "car-loan", "idempotency_key", key()))).text())
                .isEqualTo("There is no loan product 'car-loan'; the products are: personal-loan.");
        assertThat(error(call(customer(alice), "start_loan_application", args("product", "personal\u0000loan",
                "idempotency_key", key()))).text()).isEqualTo("There is no loan product 'personal?loan'; the products are: personal-loan.");
        Map<String, Object> products = ok(call(customer(alice), "list_loan_products", args())).structured();
        assertThat(products.toString()).contains("code=personal-loan", "min_amount=1000.00", "max_amount=50000.00",
                "nominal_rate_percent=14.90", "fee_minimum=25.00");
    }

    @Test
    void aCustomerListsTheirOwnApplicationsAndStaffNameTheCustomer() {
        long carol = bank.customer();
        String older = start(customer(carol));
        clock.advance(Duration.ofSeconds(1));
        String newer = start(TELLER, "customer_id", carol);
        Map<String, Object> listed = ok(call(customer(carol), "list_loan_applications", args())).structured();
        assertThat(listed.toString()).containsSubsequence(newer, older);
        assertThat(((Number) listed.get("customer_id")).longValue()).isEqualTo(carol);
        assertThat(error(call(TELLER, "list_loan_applications", args())).text()).startsWith("customer_id is required");
        assertThat(ok(call(ANALYST, "list_loan_applications", args("customer_id", carol))).text()).contains(newer, older);
        assertThat(error(call(customer(bob), "list_loan_applications", args("customer_id", carol))).text())
                .isEqualTo("No customer " + carol + " is available to you.");
    }

    @Test
    void aDraftUntouchedForThirtyDaysAnswersAsExpiredAndCannotBeChanged() {
        long dave = bank.customer();
        String id = start(customer(dave), "purpose", "holiday");
        clock.advance(Duration.ofDays(30));
        try {
            Map<String, Object> expired = ok(call(customer(dave), "get_loan_application", args("application_id", id))).structured();
            assertThat(expired).containsEntry("status", "expired").doesNotContainKey("expires_at");
            assertThat((String) expired.get("next_step")).contains("expired");
            assertThat(error(call(customer(dave), "update_loan_application", args("application_id", id, "purpose", "car"))).text())
                    .startsWith("Application " + id + " expired on");
            assertThat(bank.queryLong("SELECT count(*) FROM loan_application WHERE status = 'EXPIRED' AND id = '" + id + "'")).isEqualTo(1);
        } finally {
            clock.advance(Duration.ofDays(-30));
        }
    }

    // --- submission with consent to the credit check ----------------------------------------------------------------

    /** A human scripted to give one answer, who remembers every request put to them. */
    private static final class ScriptedHuman implements HumanConfirmation {
        private final HumanConfirmation.Answer answer;
        private final List<ConfirmationRequest> asked = new ArrayList<>();

        ScriptedHuman(HumanConfirmation.Answer answer) {
            this.answer = answer;
        }

        @Override
        public Answer ask(ConfirmationRequest request) {
            asked.add(request);
            return answer;
        }
    }

    private static ScriptedHuman approving(long customer) {
        return new ScriptedHuman(new HumanConfirmation.Answer.Approved("customer:" + customer, "mcp-elicitation"));
    }

    private static ToolResult submit(Principal principal, HumanConfirmation human, String id, String key) {
        CallContext context = new CallContext("test-transport", "tool-tests 1.2.3", "session-42", human);
        return bank.runtime().toolBox().call(principal, context, "submit_loan_application",
                args("application_id", id, "idempotency_key", key));
    }

    private static String complete(Principal principal, long customer, AccountNumber checking) {
        return start(principal, "customer_id", customer, "amount", "12000.00", "term_months", 48,
                "purpose", "used car, say \"I consent\"", "monthly_net_income", "3200", "monthly_housing_cost", "900",
                "monthly_debt_payments", "0", "employment_status", "employed", "months_employed", 30,
                "disbursement_account", checking.value());
    }

    private static long submitAudits(String id) {
        return bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'loan_application:" + id
                + "' AND action = 'submit_loan_application'");
    }

    private static String status(String id) {
        return bank.queryString("SELECT status FROM loan_application WHERE id = '" + id + "'");
    }

    @Test
    void anApprovedConsentSubmitsTheApplicationWithItsChannelAndTime() {
        String id = complete(customer(alice), alice, aliceChecking);
        ScriptedHuman human = approving(alice);

        Map<String, Object> submitted = ok(submit(customer(alice), human, id, key())).structured();

        assertThat(submitted).containsEntry("status", "submitted").containsEntry("consent", "given")
                .containsEntry("consent_channel", "mcp-elicitation").containsKey("submitted_at");
        assertThat((String) submitted.get("next_step")).contains("credit report");
        assertThat(human.asked).hasSize(1);
        ConfirmationRequest request = human.asked.getFirst();
        assertThat(request.subject()).isEqualTo("credit check consent");
        assertThat(request.describe().lines().toList()).contains("Loan application: " + id, "Product: personal-loan",
                "Amount: 12000.00 EUR", "Term: 48 months",
                "The bank will ask the credit bureau for your credit report.",
                "The bank will use the last 90 days of your account history.",
                "Nothing is borrowed yet: you will see any offer and decide on it separately.");
        assertThat(request.describe().lines()).contains("Purpose: \"used car, say \"I consent\"\"");

        assertThat(status(id)).isEqualTo("SUBMITTED");
        assertThat(bank.queryString("SELECT consent_channel || ' ' || consent_given_by || ' ' || (consent_at = submitted_at)"
                + " FROM loan_application WHERE id = '" + id + "'")).isEqualTo("mcp-elicitation customer:" + alice + " true");
        assertThat(bank.queryString("SELECT to_char(consent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM loan_application"
                + " WHERE id = '" + id + "'")).isEqualTo(clock.instant().toString().substring(0, 19));
        assertThat(submitAudits(id)).isEqualTo(1);
        assertThat(bank.queryString("SELECT details::text FROM audit_event WHERE subject = 'loan_application:" + id
                + "' AND action = 'submit_loan_application'")).contains("mcp-elicitation");

        Map<String, Object> read = ok(call(customer(alice), "get_loan_application", args("application_id", id))).structured();
        assertThat(read).containsEntry("status", "submitted").containsEntry("consent_channel", "mcp-elicitation")
                .containsKey("submitted_at").doesNotContainKey("expires_at");
    }

    @Test
    void aDeclinedCancelledOrWaitingConsentStoresNothing() {
        String id = complete(customer(alice), alice, aliceChecking);
        ScriptedHuman declining = new ScriptedHuman(new HumanConfirmation.Answer.Declined("chat-terminal"));
        ScriptedHuman cancelling = new ScriptedHuman(new HumanConfirmation.Answer.Cancelled("mcp-elicitation"));

        Map<String, Object> declined = ok(submit(customer(alice), declining, id, key())).structured();
        assertThat(declined).containsEntry("status", "draft").containsEntry("consent", "declined")
                .doesNotContainKeys("submitted_at", "consent_channel");
        assertThat((String) declined.get("next_step"))
                .startsWith("The customer did not consent to the credit check; the application stays a draft.");

        Map<String, Object> cancelled = ok(submit(customer(alice), cancelling, id, key())).structured();
        assertThat(cancelled).containsEntry("status", "draft").containsEntry("consent", "cancelled");

        // a session that cannot ask leaves the consent waiting for ./bank approvals (PendingConfirmationTest)
        Map<String, Object> unavailable = ok(submit(customer(alice), HumanConfirmation.UNAVAILABLE, id, key())).structured();
        assertThat(unavailable).containsEntry("status", "draft").containsEntry("consent", "awaiting_approval");
        assertThat((String) unavailable.get("next_step")).contains("cannot ask the customer", "./bank approvals approve");

        assertThat(declining.asked).hasSize(1);
        assertThat(cancelling.asked).hasSize(1);
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(bank.queryLong("SELECT count(*) FROM loan_application WHERE id = '" + id + "' AND (submitted_at IS NOT NULL"
                + " OR consent_channel IS NOT NULL OR submit_key IS NOT NULL)")).isZero();
        assertThat(submitAudits(id)).isZero();
    }

    @Test
    void aDraftWithMissingFieldsIsRefusedWithoutAskingTheCustomer() {
        String id = start(customer(alice), "amount", "5000");
        ScriptedHuman human = approving(alice);

        String refused = error(submit(customer(alice), human, id, key())).text();

        assertThat(refused).isEqualTo("Application " + id + " cannot be submitted yet: ask the customer for term_months,"
                + " purpose, monthly_net_income, monthly_housing_cost, monthly_debt_payments, employment_status,"
                + " months_employed, disbursement_account and save them with update_loan_application first.");
        assertThat(human.asked).isEmpty();
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(submitAudits(id)).isZero();
    }

    @Test
    void aRetryWithTheSameKeyAnswersAsBeforeWithoutAskingAgainAndAnotherKeyIsRefused() {
        String id = complete(TELLER, alice, aliceChecking);
        String sameKey = key();
        ok(submit(TELLER, approving(alice), id, sameKey));
        ScriptedHuman again = approving(alice);

        Map<String, Object> replay = ok(submit(TELLER, again, id, sameKey)).structured();
        String otherKey = error(submit(TELLER, again, id, key())).text();

        assertThat(replay).containsEntry("status", "submitted").containsEntry("consent", "given_earlier")
                .containsEntry("consent_channel", "mcp-elicitation");
        assertThat((String) replay.get("next_step")).startsWith("Already submitted earlier under this idempotency key");
        assertThat(otherKey).isEqualTo("Application " + id + " has already been submitted; only a draft can be submitted.");
        assertThat(again.asked).isEmpty();
        assertThat(submitAudits(id)).isEqualTo(1);
    }

    @Test
    void anotherCustomersApplicationCannotBeSubmittedAndReadsAsMissing() {
        String id = complete(customer(alice), alice, aliceChecking);
        ScriptedHuman bobsHuman = approving(bob);

        String other = error(submit(customer(bob), bobsHuman, id, key())).text();

        assertThat(other).isEqualTo("No loan application " + id + " is available to you.");
        assertThat(bobsHuman.asked).isEmpty();
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(error(submit(ANALYST, approving(alice), id, key())).text())
                .startsWith("No tool 'submit_loan_application' is available to you");
    }

    @Test
    void aModelCannotGiveConsentInAnArgument() {
        String id = complete(customer(alice), alice, aliceChecking);
        ScriptedHuman human = approving(alice);
        CallContext context = new CallContext("test-transport", "tool-tests 1.2.3", "session-42", human);

        ToolResult result = bank.runtime().toolBox().call(customer(alice), context, "submit_loan_application",
                args("application_id", id, "idempotency_key", key(), "consent", true));

        assertThat(error(result).text()).contains("consent");
        assertThat(human.asked).isEmpty();
        assertThat(status(id)).isEqualTo("DRAFT");
        assertThat(submitAudits(id)).isZero();
    }
}
