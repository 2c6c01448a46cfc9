package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.ANALYST;
import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.OFFICER;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decisions through the tools, on real PostgreSQL and the sandbox's credit bureau: what submit and get answer once
 * underwriting decided, and the loan officer's decisions on referrals, refused to everyone else.
 */
class LoanDecisionToolsTest {
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

    private record Customer(long id, AccountNumber checking) {}

    /** A customer known for 200 days, paid {@code monthly} three times in the last 90, with this credit score. */
    private static Customer applicant(String monthly, int score) {
        clock.set(NOW.minus(Duration.ofDays(200)));
        long id = bank.customer();
        AccountNumber checking = bank.account(id).open();
        for (int daysAgo : new int[] {80, 50, 20}) {
            clock.set(NOW.minus(Duration.ofDays(daysAgo)));
            bank.deposit(checking, monthly);
        }
        clock.set(NOW);
        sandbox.setCreditProfile(id, score, 0);
        return new Customer(id, checking);
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return bank.runtime().toolBox().call(principal, CONTEXT, tool, arguments);
    }

    /** Starts a complete application and submits it with the customer's consent; the submit answer. */
    private static Map<String, Object> apply(Customer customer, String amount, int term, String stated, String housing) {
        String id = (String) ok(call(TELLER, "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", customer.id(), "amount", amount, "term_months", term, "purpose", "car",
                "monthly_net_income", stated, "monthly_housing_cost", housing, "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 36, "disbursement_account", customer.checking().value())))
                .structured().get("application_id");
        CallContext consenting = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + customer.id(), "chat-terminal"));
        return ok(bank.runtime().toolBox().call(TELLER, consenting, "submit_loan_application",
                args("application_id", id, "idempotency_key", key()))).structured();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> offer(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("offer");
    }

    private static Map<String, Object> get(Principal principal, String id) {
        return ok(call(principal, "get_loan_application", args("application_id", id))).structured();
    }

    private static String status(String id) {
        return bank.queryString("SELECT status FROM loan_application WHERE id = '" + id + "'");
    }

    @Test
    void anApprovalAnswersWithTheWholeOffer() {
        Map<String, Object> answer = apply(applicant("3000.00", 760), "5000.00", 36, "3000.00", "500.00");

        assertThat(answer).containsEntry("status", "approved").containsEntry("consent", "given");
        Map<String, Object> offer = offer(answer);
        assertThat(offer).containsEntry("amount", "5000.00").containsEntry("currency", "EUR")
                .containsEntry("risk_band", "A").containsEntry("nominal_rate_percent", "6.9")
                .containsEntry("arrangement_fee", "50.00").containsEntry("payout", "4950.00")
                .containsEntry("monthly_installment", "154.16").containsEntry("first_due_date", "2027-01-01")
                .containsEntry("counter_offer", false).containsEntry("requested_amount", "5000.00")
                .containsEntry("expires_at", "2026-12-15T09:00:00Z").doesNotContainKey("counter_offer_reason");
        assertThat(offer.get("term_months")).hasToString("36");
        assertThat(offer.get("installments")).hasToString("36");
        assertThat(offer).containsKeys("total_interest", "total_repayable", "apr_percent", "last_installment", "offered_at");
        assertThat((String) answer.get("next_step")).contains("accept_loan_offer").contains("expires on");
        assertThat(get(TELLER, (String) answer.get("application_id")).get("offer")).isEqualTo(offer);
    }

    @Test
    void aCounterOfferSaysItIsOneAndWhy() {
        Map<String, Object> answer = apply(applicant("1000.00", 760), "8000.00", 84, "1000.00", "0");

        assertThat(answer).containsEntry("status", "approved");
        assertThat(offer(answer)).containsEntry("amount", "6000.00").containsEntry("requested_amount", "8000.00")
                .containsEntry("counter_offer", true);
        assertThat((String) offer(answer).get("counter_offer_reason"))
                .isEqualTo("The 8000.00 EUR asked for is more than 6 times the 1000.00 EUR paid into your accounts each month"
                        + " (6000.00 EUR); the most we can offer, rounded down to a multiple of 100, is 6000.00 EUR.");
        assertThat((String) answer.get("next_step")).startsWith("The bank offers 6000.00 EUR, less than the 8000.00 EUR asked for.");
    }

    @Test
    void aDeclineGivesItsReasonsInPlainWords() {
        Map<String, Object> answer = apply(applicant("3000.00", 520), "5000.00", 36, "3000.00", "500.00");

        assertThat(answer).containsEntry("status", "declined").doesNotContainKey("offer");
        assertThat(answer.get("reasons")).isEqualTo(List.of("Your credit score of 520 is below the minimum of 580."));
        assertThat((String) answer.get("next_step")).contains("Your credit score of 520 is below the minimum of 580.");
    }

    @Test
    void aStatedIncomeTheLedgerDoesNotShowIsReferredAndAnOfficerApprovesIt() {
        Map<String, Object> answer = apply(applicant("1000.00", 760), "3000.00", 36, "5000.00", "0");
        String id = (String) answer.get("application_id");

        assertThat(answer).containsEntry("status", "referred");
        assertThat((List<?>) answer.get("reasons")).singleElement().asString().contains("below 70 % of the 5000.00 EUR you stated");
        assertThat((String) answer.get("next_step")).contains("loan officer");

        Map<String, Object> queue = ok(call(OFFICER, "list_referred_loan_applications", args())).structured();
        assertThat((List<?>) queue.get("applications")).anySatisfy(a -> assertThat(((Map<?, ?>) a).get("application_id")).isEqualTo(id));

        Map<String, Object> decided = ok(call(OFFICER, "decide_loan_application", args("application_id", id,
                "decision", "approve", "reason", "Payslips show the stated salary; paid into another bank."))).structured();

        assertThat(decided).containsEntry("status", "approved");
        assertThat(offer(decided)).containsEntry("amount", "3000.00").containsEntry("counter_offer", false);
        assertThat(decided.get("reasons")).isEqualTo(List.of("Payslips show the stated salary; paid into another bank."));
        assertThat(bank.queryString("SELECT officer_decision || ' ' || officer_decided_by FROM loan_application WHERE id = '"
                + id + "'")).isEqualTo("APPROVED officer:olga");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'decide_loan_application' AND actor = 'officer:olga'"
                + " AND subject = 'loan_application:" + id + "' AND outcome = 'approved'")).isEqualTo(1);
        assertThat(get(customer(((Number) decided.get("customer_id")).longValue()), id)).containsEntry("status", "approved");
        assertThat((List<?>) ok(call(OFFICER, "list_referred_loan_applications", args())).structured().get("applications"))
                .noneSatisfy(a -> assertThat(((Map<?, ?>) a).get("application_id")).isEqualTo(id));
    }

    @Test
    void anOfficerDeclinesAReferralWithAReasonTheCustomerReads() {
        String id = (String) apply(applicant("1000.00", 760), "3000.00", 36, "5000.00", "0").get("application_id");

        Map<String, Object> decided = ok(call(OFFICER, "decide_loan_application", args("application_id", id,
                "decision", "Decline", "reason", "We could not confirm the income you stated."))).structured();

        assertThat(decided).containsEntry("status", "declined").doesNotContainKey("offer");
        assertThat(decided.get("reasons")).isEqualTo(List.of("We could not confirm the income you stated."));
        assertThat(bank.queryString("SELECT officer_decision FROM loan_application WHERE id = '" + id + "'")).isEqualTo("DECLINED");
    }

    @Test
    void onlyAnOfficerDecidesOnlyReferralsAndOnlyWithAReason() {
        Customer cy = applicant("1000.00", 760);
        String id = (String) apply(cy, "3000.00", 36, "5000.00", "0").get("application_id");
        long audits = bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'decide_loan_application'");

        for (Principal notAnOfficer : List.of(customer(cy.id()), TELLER, ANALYST)) {
            assertThat(error(call(notAnOfficer, "decide_loan_application", args("application_id", id, "decision", "approve",
                    "reason", "I say so"))).text()).as("%s", notAnOfficer).isNotBlank();
            assertThat(error(call(notAnOfficer, "list_referred_loan_applications", args())).text()).isNotBlank();
        }
        assertThat(error(call(OFFICER, "decide_loan_application", args("application_id", id, "decision", "approve",
                "reason", "  "))).text()).isEqualTo("reason is required: say in one line, for the customer, why the application"
                + " is approved.");
        assertThat(error(call(OFFICER, "decide_loan_application", args("application_id", id, "decision", "approve",
                "reason", "x".repeat(501)))).text()).isEqualTo("An officer's reason must be plain text on one line of at most 500 characters.");
        assertThat(error(call(OFFICER, "decide_loan_application", args("application_id", id, "decision", "maybe",
                "reason", "fine"))).text()).isEqualTo("decision must be approve or decline.");
        assertThat(status(id)).isEqualTo("REFERRED");

        String approved = (String) apply(applicant("3000.00", 760), "5000.00", 36, "3000.00", "500.00").get("application_id");
        assertThat(error(call(OFFICER, "decide_loan_application", args("application_id", approved, "decision", "decline",
                "reason", "changed my mind"))).text()).isEqualTo("Application " + approved + " is approved; an officer decides"
                + " only applications underwriting referred (status referred).");
        assertThat(status(approved)).isEqualTo("APPROVED");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'decide_loan_application'")).isEqualTo(audits);
    }

    @Test
    void anotherCustomersDecidedApplicationReadsLikeAMissingOne() {
        Customer owner = applicant("1000.00", 760);
        String id = (String) apply(owner, "3000.00", 36, "5000.00", "0").get("application_id");
        long other = bank.customer();

        String foreign = error(call(customer(other), "get_loan_application", args("application_id", id))).text();
        String missing = error(call(customer(other), "get_loan_application", args("application_id", "LA-000000000000"))).text();

        assertThat(foreign.replace(id, "LA-000000000000")).isEqualTo(missing);
        assertThat(get(customer(owner.id()), id)).containsEntry("status", "referred");
    }
}
