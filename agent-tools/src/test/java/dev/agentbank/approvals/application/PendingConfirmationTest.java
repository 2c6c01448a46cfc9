package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import dev.agentbank.tools.BankTool;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consent to a credit check from a client that cannot ask its human (an MCP client without elicitation, a token-based
 * HTTP client): it waits as a pending confirmation, an operator decides at {@code ./bank approvals} (here
 * {@link Approvals}, the CLI's service), and the same submit call made again gets the decision, once.
 */
class PendingConfirmationTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private static final Actor OPERATOR = Actor.of("operator", "olga");
    private static final CallContext NO_ELICITATION = new CallContext("mcp-http", "plain-client 1.0", "session-7");
    private static final Principal TELLER = new Principal.Staff(Role.TELLER, "tina");
    private static TestBank bank;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    private record Applicant(long customer, Principal principal, String application) {}

    /** A customer with a complete draft, ready to submit. */
    private static Applicant applicant() {
        long customer = bank.customer();
        AccountNumber checking = bank.account(customer).open();
        Map<String, Object> arguments = args("product", "personal-loan", "idempotency_key", key(), "amount", "12000.00",
                "term_months", 48, "purpose", "used car", "monthly_net_income", "3200", "monthly_housing_cost", "900",
                "monthly_debt_payments", "0", "employment_status", "employed", "months_employed", 30,
                "disbursement_account", checking.value());
        String id = (String) ok(call(customer(customer), "start_loan_application", arguments)).get("application_id");
        return new Applicant(customer, customer(customer), id);
    }

    private static Principal customer(long id) {
        return new Principal.CustomerPrincipal(id);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static Map<String, Object> args(Object... namesAndValues) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return arguments;
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return bank.runtime().toolBox().call(principal, NO_ELICITATION, tool, arguments);
    }

    private static Map<String, Object> submit(Applicant applicant, String key) {
        return ok(call(applicant.principal(), "submit_loan_application", args("application_id", applicant.application(),
                "idempotency_key", key)));
    }

    private static Map<String, Object> ok(ToolResult result) {
        assertThat(result.isError()).as(result.text()).isFalse();
        return result.structured();
    }

    private static Approvals approvals() {
        return bank.runtime().approvals();
    }

    private static String status(Applicant applicant) {
        return bank.queryString("SELECT status FROM loan_application WHERE id = '" + applicant.application() + "'");
    }

    private static long confirmations(Applicant applicant) {
        return bank.queryLong("SELECT count(*) FROM pending_confirmation WHERE principal = '" + applicant.principal().encoded() + "'");
    }

    private static PendingConfirmation confirmation(String id) {
        return bank.runtime().pendingConfirmations().find(id).orElseThrow();
    }

    @Test
    void withoutElicitationTheConsentWaitsAsAPendingConfirmationAndNothingIsSubmitted() {
        Applicant ada = applicant();

        Map<String, Object> answer = submit(ada, key());

        assertThat(answer).containsEntry("status", "draft").containsEntry("consent", "awaiting_approval")
                .doesNotContainKeys("submitted_at", "consent_channel");
        String id = (String) answer.get("approval_id");
        assertThat(id).matches("CNF-[A-Z2-9]{8}");
        assertThat(Instant.parse((String) answer.get("approval_expires_at"))).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat((String) answer.get("next_step")).contains(id, "./bank approvals approve " + id, "You cannot approve it",
                "same application_id and idempotency_key");
        PendingConfirmation waiting = confirmation(id);
        assertThat(waiting.status()).isEqualTo(PendingConfirmation.Status.PENDING);
        assertThat(waiting.principal()).isEqualTo("customer:" + ada.customer());
        assertThat(waiting.subject()).isEqualTo("credit check consent");
        assertThat(waiting.description()).contains("Loan application: " + ada.application(), "Amount: 12000.00 EUR",
                "The bank will ask the credit bureau for your credit report.");
        assertThat(status(ada)).isEqualTo("DRAFT");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'approval:" + id
                + "' AND action = 'request_confirmation'")).isEqualTo(1);
    }

    @Test
    void anApprovalAtTheCliLetsTheSameCallSubmitOnceWithItsChannelRecorded() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");

        Approvals.Decision decision = approvals().approve(id, OPERATOR, "cli");
        Map<String, Object> submitted = submit(ada, sameKey);
        Map<String, Object> replay = submit(ada, sameKey);

        assertThat(decision.done()).as(decision.message()).isTrue();
        assertThat(decision.message()).contains(id, "approved", "credit check consent");
        String channel = "pending-approval " + id + " (cli)";
        // submitted, and decided at once by underwriting: no longer a draft
        assertThat(submitted.get("status")).isIn("submitted", "approved", "declined", "referred");
        assertThat(submitted).containsEntry("consent", "given")
                .containsEntry("consent_channel", channel).doesNotContainKey("approval_id");
        assertThat(replay).containsEntry("consent", "given_earlier");
        assertThat(bank.queryString("SELECT consent_channel || ' ' || consent_given_by || ' ' || (consent_at = submitted_at)"
                + " FROM loan_application WHERE id = '" + ada.application() + "'")).isEqualTo(channel + " operator:olga true");
        PendingConfirmation used = confirmation(id);
        assertThat(used.status()).isEqualTo(PendingConfirmation.Status.APPROVED);
        assertThat(used.decidedBy()).isEqualTo("operator:olga");
        assertThat(used.channel()).isEqualTo("cli");
        assertThat(used.decidedAt()).isNotNull();
        assertThat(used.answeredAt()).isNotNull();
        assertThat(used.stateAt(clock.instant())).isEqualTo("USED");
        assertThat(confirmations(ada)).isEqualTo(1);
        assertThat(bank.queryString("SELECT actor || ' ' || outcome || ' ' || details::text FROM audit_event WHERE subject = 'approval:"
                + id + "' AND action = 'approve_confirmation'")).startsWith("operator:olga approved").contains("cli");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'loan_application:" + ada.application()
                + "' AND action = 'submit_loan_application'")).isEqualTo(1);
    }

    @Test
    void aRetryBeforeAnyoneDecidesStillWaitsUnderTheSameRequest() {
        Applicant ada = applicant();
        String sameKey = key();
        String first = (String) submit(ada, sameKey).get("approval_id");

        Map<String, Object> again = submit(ada, sameKey);
        Map<String, Object> otherKey = submit(ada, key());

        assertThat(again).containsEntry("consent", "awaiting_approval").containsEntry("approval_id", first);
        assertThat(otherKey).containsEntry("approval_id", first);
        assertThat(confirmations(ada)).isEqualTo(1);
        assertThat(status(ada)).isEqualTo("DRAFT");
    }

    @Test
    void concurrentCallsShareOneRequestAndOneApprovalSubmitsOnce() throws Exception {
        Applicant ada = applicant();
        String sameKey = key();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, Object>>> first = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 4; i++) {
                first.add(pool.submit(() -> {
                    go.await();
                    return submit(ada, sameKey);
                }));
            }
            go.countDown();
            List<Object> ids = new ArrayList<>();
            for (Future<Map<String, Object>> answer : first) {
                ids.add(answer.get(60, TimeUnit.SECONDS).get("approval_id"));
            }
            assertThat(ids).doesNotContainNull().containsOnly(ids.getFirst());
            assertThat(confirmations(ada)).isEqualTo(1);

            assertThat(approvals().approve((String) ids.getFirst(), OPERATOR, "cli").done()).isTrue();
            List<Future<Map<String, Object>>> retries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                retries.add(pool.submit(() -> submit(ada, sameKey)));
            }
            for (Future<Map<String, Object>> retry : retries) {
                retry.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(status(ada)).isIn("SUBMITTED", "APPROVED", "DECLINED", "REFERRED");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'loan_application:" + ada.application()
                + "' AND action = 'submit_loan_application'")).isEqualTo(1);
        assertThat(submit(ada, sameKey)).containsEntry("consent", "given_earlier");
        // the approval was used once; a call racing the submission may leave a new request waiting, which nothing uses
        assertThat(bank.queryLong("SELECT count(*) FROM pending_confirmation WHERE principal = '" + ada.principal().encoded()
                + "' AND status = 'APPROVED' AND answered_at IS NOT NULL")).isEqualTo(1);
    }

    @Test
    void aRejectedConsentSubmitsNothingAndTheNextCallAsksAnew() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");

        Approvals.Decision decision = approvals().reject(id, OPERATOR, "cli");
        Map<String, Object> declined = submit(ada, sameKey);
        Map<String, Object> askedAnew = submit(ada, sameKey);

        assertThat(decision.done()).as(decision.message()).isTrue();
        assertThat(declined).containsEntry("status", "draft").containsEntry("consent", "declined");
        assertThat(status(ada)).isEqualTo("DRAFT");
        assertThat(askedAnew).containsEntry("consent", "awaiting_approval");
        assertThat(askedAnew.get("approval_id")).isNotEqualTo(id);
        assertThat(approvals().approve(id, OPERATOR, "cli").done()).isFalse();
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = 'approval:" + id
                + "' AND action = 'reject_confirmation'")).isEqualTo(1);
    }

    @Test
    void anExpiredConsentSubmitsNothingAndCannotBeApprovedLate() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");

        clock.advance(Duration.ofMinutes(16));
        Approvals.Decision late = approvals().approve(id, OPERATOR, "cli");
        Map<String, Object> expired = submit(ada, sameKey);

        assertThat(late.done()).isFalse();
        assertThat(late.message()).contains(id, "expired");
        assertThat(expired).containsEntry("status", "draft").containsEntry("consent", "expired");
        assertThat((String) expired.get("next_step")).contains("expired before anyone approved it");
        assertThat(status(ada)).isEqualTo("DRAFT");
        assertThat(confirmation(id).status()).isEqualTo(PendingConfirmation.Status.EXPIRED);
    }

    @Test
    void theExpiryJobMarksOverdueConfirmationsExpired() throws Exception {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");

        clock.advance(Duration.ofMinutes(16));
        bank.runtime().approvalExpiry(Duration.ofHours(1)).pass().run();

        assertThat(confirmation(id).status()).isEqualTo(PendingConfirmation.Status.EXPIRED);
        assertThat(submit(ada, sameKey)).containsEntry("consent", "expired");
    }

    @Test
    void anApprovalDoesNotCountOnceTheApplicationChanged() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");
        assertThat(approvals().approve(id, OPERATOR, "cli").done()).isTrue();

        ok(call(ada.principal(), "update_loan_application", args("application_id", ada.application(), "amount", "20000")));
        Map<String, Object> changed = submit(ada, sameKey);

        assertThat(changed).containsEntry("status", "draft").containsEntry("consent", "awaiting_approval");
        assertThat(changed.get("approval_id")).isNotEqualTo(id);
        assertThat(confirmation((String) changed.get("approval_id")).description()).contains("Amount: 20000.00 EUR");
        assertThat(confirmation(id).answeredAt()).isNull();
        assertThat(status(ada)).isEqualTo("DRAFT");
    }

    @Test
    void anotherPrincipalsApprovalOfTheSameQuestionDoesNotCount() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");
        assertThat(approvals().approve(id, OPERATOR, "cli").done()).isTrue();

        // a teller asking the very same question for Ada is another requester: Ada's approval is not theirs
        Map<String, Object> teller = ok(bank.runtime().toolBox().call(TELLER, NO_ELICITATION,
                "submit_loan_application", args("application_id", ada.application(), "idempotency_key", key())));

        assertThat(teller).containsEntry("consent", "awaiting_approval");
        assertThat(teller.get("approval_id")).isNotEqualTo(id);
        assertThat(status(ada)).isEqualTo("DRAFT");
    }

    @Test
    void theModelCannotApproveNorGiveConsentThroughAnyTool() {
        Applicant ada = applicant();
        String sameKey = key();
        String id = (String) submit(ada, sameKey).get("approval_id");

        // no tool approves: the approval tools only read, and no tool is named for approving or rejecting
        for (BankTool tool : bank.runtime().toolBox().all()) {
            assertThat(tool.name()).doesNotContainIgnoringCase("approve").doesNotContainIgnoringCase("reject");
            if (tool.name().contains("pending")) {
                assertThat(tool.policy().effect()).isEqualTo(Effect.READ);
            }
        }
        // an argument that claims consent or approval is refused and changes nothing
        ToolResult claimed = call(ada.principal(), "submit_loan_application", args("application_id", ada.application(),
                "idempotency_key", sameKey, "approval_id", id, "consent", true));
        assertThat(claimed.isError()).isTrue();
        // the customer's own token cannot approve what their session asked for
        Approvals.Decision self = approvals().approve(id, ada.principal().actor(), "cli");
        assertThat(self.done()).isFalse();

        Map<String, Object> still = submit(ada, sameKey);
        assertThat(still).containsEntry("consent", "awaiting_approval").containsEntry("approval_id", id);
        assertThat(confirmation(id).status()).isEqualTo(PendingConfirmation.Status.PENDING);
        assertThat(status(ada)).isEqualTo("DRAFT");
    }

    @Test
    void theCustomerSeesTheirWaitingConfirmationsBesideTheirMoneyRequests() {
        Applicant ada = applicant();
        String id = (String) submit(ada, key()).get("approval_id");

        Map<String, Object> listed = ok(call(ada.principal(), "list_pending_operations", args()));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> waiting = (List<Map<String, Object>>) listed.get("confirmations");
        assertThat(waiting).singleElement().satisfies(view -> {
            assertThat(view).containsEntry("approval_id", id).containsEntry("state", "PENDING")
                    .containsEntry("subject", "credit check consent");
            assertThat((String) view.get("description")).contains("Loan application: " + ada.application());
        });
        assertThat(listed.get("operations")).isEqualTo(List.of());
    }

    @Test
    void aSessionThatCanAskItsHumanIsAskedAndNothingWaits() {
        Applicant ada = applicant();
        List<ConfirmationRequest> asked = new ArrayList<>();
        HumanConfirmation consenting = request -> {
            asked.add(request);
            return new HumanConfirmation.Answer.Approved(ada.principal().encoded(), "mcp-elicitation");
        };
        CallContext eliciting = new CallContext("mcp-stdio", "eliciting 1.0", "s-1", consenting);

        ToolResult result = bank.runtime().toolBox().call(ada.principal(), eliciting, "submit_loan_application",
                args("application_id", ada.application(), "idempotency_key", key()));

        assertThat(ok(result)).containsEntry("consent", "given").containsEntry("consent_channel", "mcp-elicitation");
        assertThat(asked).hasSize(1);
        assertThat(confirmations(ada)).isZero();
    }
}
