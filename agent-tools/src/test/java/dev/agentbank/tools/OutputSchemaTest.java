package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.ANALYST;
import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.OFFICER;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.at;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.longAt;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.tools.LedgerViews;
import dev.agentbank.lending.LoanFixtures;
import dev.agentbank.lending.application.Disbursements;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.testing.SharedBankTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** What a tool returns as structured content fits the outputSchema it declares, field for field. */
class OutputSchemaTest extends SharedBankTest {
    private record Case(Principal principal, Supplier<Map<String, Object>> arguments) {}

    private static final Map<String, Case> HAPPY = new LinkedHashMap<>();

    private static ToolBox tools;
    private static long alice;
    private static AccountNumber checking;
    private static AccountNumber savings;

    @BeforeAll
    static void openAccountsWithHistory() {
        tools = bank.runtime().toolBox();
        alice = bank.runtime().customers().register(bank.teller, "Alice Example", "alice@example.com").id();
        bank.runtime().customers().register(bank.teller, "Bob Example", "bob@example.com");
        checking = bank.account(alice).open();
        savings = bank.account(alice).kind(AccountKind.SAVINGS).open();
        long salary = movedTransaction(call(TELLER, "deposit", args("account_number", checking.value(), "amount", "90.00",
                "reference", "salary", "idempotency_key", key())));
        call(TELLER, "deposit", args("account_number", checking.value(), "amount", "60.00", "reference", "bonus",
                "idempotency_key", key()));
        long moved = movedTransaction(call(TELLER, "transfer", args("from_account", checking.value(), "to_account",
                savings.value(), "amount", "30.00", "reference", "saving", "idempotency_key", key())));

        // above the confirmation threshold with no human to ask: it waits, so the pending list has an entry
        ToolResult waiting = ok(call(TELLER, "deposit", args("account_number", checking.value(), "amount", "150.00",
                "reference", "large cash", "idempotency_key", key())));
        assertThat(waiting.structured()).containsEntry("status", "AWAITING_APPROVAL");

        HAPPY.put("list_accounts", new Case(TELLER, () -> args("customer_id", alice)));
        HAPPY.put("get_balance", new Case(TELLER, () -> args("account_number", checking.value())));
        HAPPY.put("list_transactions", new Case(TELLER, () -> args("account_number", checking.value(), "limit", 2)));
        HAPPY.put("get_transaction", new Case(TELLER, () -> args("transaction_id", moved)));
        HAPPY.put("deposit", new Case(TELLER, () -> args("account_number", checking.value(), "amount", "10.00",
                "currency", "EUR", "reference", "cash", "idempotency_key", key())));
        HAPPY.put("withdraw", new Case(TELLER, () -> args("account_number", checking.value(), "amount", "5.00",
                "reference", "atm", "idempotency_key", key())));
        HAPPY.put("transfer", new Case(TELLER, () -> args("from_account", checking.value(), "to_account", savings.value(),
                "amount", "5.00", "reference", "move", "idempotency_key", key())));
        HAPPY.put("reverse_transaction", new Case(TELLER, () -> args("transaction_id", salary, "reason", "posted twice",
                "idempotency_key", key())));
        HAPPY.put("get_customer", new Case(TELLER, () -> args("customer_id", alice)));
        HAPPY.put("list_customers", new Case(TELLER, () -> args("limit", 1)));
        HAPPY.put("open_account", new Case(TELLER, () -> args("customer_id", alice, "product_code", "retail-savings",
                "name", "Rainy day", "idempotency_key", key())));
        HAPPY.put("register_customer", new Case(TELLER, () -> args("full_name", "Carol Example")));
        HAPPY.put("verify_audit_log", new Case(ANALYST, () -> args()));
        HAPPY.put("list_pending_operations", new Case(TELLER, () -> args("limit", 5)));
        String draft = (String) ok(call(TELLER, "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", alice, "amount", "12000.00", "purpose", "car"))).structured().get("application_id");
        HAPPY.put("list_loan_products", new Case(TELLER, () -> args()));
        HAPPY.put("start_loan_application", new Case(TELLER, () -> args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", alice, "term_months", 24, "monthly_net_income", "2500.00")));
        HAPPY.put("update_loan_application", new Case(TELLER, () -> args("application_id", draft, "employment_status", "retired",
                "disbursement_account", checking.value())));
        HAPPY.put("get_loan_application", new Case(TELLER, () -> args("application_id", draft)));
        HAPPY.put("list_loan_applications", new Case(TELLER, () -> args("customer_id", alice)));
        // CONTEXT cannot ask the customer: the answer is the draft with consent awaiting approval
        HAPPY.put("submit_loan_application", new Case(TELLER, () -> args("application_id", complete(), "idempotency_key", key())));
        Disbursements.Outcome.Disbursed paid = (Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller,
                LoanFixtures.accepted(alice, checking, "2000.00", 12, LocalDate.now(ZoneOffset.UTC).plusMonths(1), Instant.now()));
        String loan = paid.loan().id().value();
        HAPPY.put("get_loan", new Case(TELLER, () -> args("loan_id", loan)));
        HAPPY.put("list_loans", new Case(TELLER, () -> args("customer_id", alice)));
        // installment 1 of this one fell due yesterday: 1.00 of it can be paid
        String due = ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller,
                LoanFixtures.accepted(alice, checking, "2000.00", 12, LocalDate.now(ZoneOffset.UTC).minusDays(1), Instant.now())))
                .loan().id().value();
        HAPPY.put("repay_loan", new Case(TELLER, () -> args("loan_id", due, "from_account", checking.value(), "amount", "1.00",
                "idempotency_key", key())));
        // CONTEXT cannot ask the customer: the answer is the offer with the confirmation awaiting approval
        String offered = ToolCalls.offered(bank, alice, checking);
        HAPPY.put("accept_loan_offer", new Case(TELLER, () -> args("application_id", offered, "idempotency_key", key())));
        HAPPY.put("withdraw_loan_application", new Case(TELLER, () -> args("application_id", complete())));
        // CONTEXT cannot ask the customer: the answer is awaiting approval
        HAPPY.put("add_payee", new Case(TELLER, () -> args("customer_id", alice, "name", "Landlord Ltd",
                "account", "DE89370400440532013000", "idempotency_key", key())));
        HAPPY.put("list_payees", new Case(TELLER, () -> {
            payee();
            return args("customer_id", alice);
        }));
        HAPPY.put("remove_payee", new Case(TELLER, () -> args("payee_id", payee())));
        String landlord = landlord();
        String rent = (String) payment(ok(call(TELLER, "pay", args("from_account", checking.value(), "payee_id", landlord,
                "amount", "3.00", "reference", "rent", "idempotency_key", key()))).structured()).get("payment_id");
        HAPPY.put("pay", new Case(TELLER, () -> args("from_account", checking.value(), "payee_id", landlord, "amount", "2.00",
                "reference", "rent", "idempotency_key", key())));
        HAPPY.put("get_payment", new Case(TELLER, () -> args("payment_id", rent)));
        HAPPY.put("list_payments", new Case(TELLER, () -> args("customer_id", alice)));
        HAPPY.put("list_referred_loan_applications", new Case(OFFICER, () -> {
            referred();
            return args();
        }));
        HAPPY.put("decide_loan_application", new Case(OFFICER, () -> args("application_id", referred(), "decision", "approve",
                "reason", "Salary confirmed by the employer.")));
        fraudCases(salary);
    }

    /** Real alerts and holds, raised by the monitor and by screening from what Alice's accounts do. */
    private static void fraudCases(long transaction) {
        long alert = alert();
        HAPPY.put("list_alerts", new Case(ANALYST, () -> args("limit", 5)));
        HAPPY.put("get_alert", new Case(ANALYST, () -> args("alert_id", alert)));
        HAPPY.put("assign_alert", new Case(ANALYST, () -> args("alert_id", alert)));
        HAPPY.put("add_case_note", new Case(ANALYST, () -> args("alert_id", alert, "text", "Looked at the statement.")));
        HAPPY.put("escalate_alert", new Case(ANALYST, () -> {
            long fresh = alert();
            ok(call(ANALYST, "assign_alert", args("alert_id", fresh)));
            return args("alert_id", fresh, "reason", "Needs a second pair of eyes.");
        }));
        HAPPY.put("close_alert", new Case(ANALYST, () -> args("alert_id", alert(), "resolution", "false_positive",
                "reason", "Car sale, documented.")));
        HAPPY.put("freeze_account", new Case(ANALYST, () -> args("account", savings.value(), "reason", "Checking a pattern.")));
        HAPPY.put("unfreeze_account", new Case(ANALYST, () -> args("account", savings.value(), "reason", "Pattern explained.")));
        HAPPY.put("list_holds", new Case(ANALYST, () -> {
            held();
            return args();
        }));
        HAPPY.put("release_hold", new Case(ANALYST, () -> args("payment_id", held(), "reason", "The customer confirmed by phone.")));
        HAPPY.put("return_hold", new Case(ANALYST, () -> args("payment_id", held(), "reason", "The customer did not make it.")));
        HAPPY.put("request_reversal", new Case(ANALYST, () -> args("transaction_id", transaction, "reason", "Posted twice.")));
        HAPPY.put("list_reversal_requests", new Case(TELLER, () -> {
            ok(call(ANALYST, "request_reversal", args("transaction_id", transaction, "reason", "Posted twice.")));
            return args();
        }));
    }

    /** A new alert: a large credit, most of it out again at once (rapid in-and-out), judged by the monitor. */
    private static long alert() {
        AccountNumber mule = bank.account(alice).open();
        bank.deposit(mule, "3000.00");
        bank.withdraw(mule, "2600.00");
        List<Long> raised = bank.runtime().fraudMonitor().drain().alerts();
        assertThat(raised).as("an alert for the rapid in-and-out").isNotEmpty();
        return raised.getLast();
    }

    /**
     * A payment screening holds: a payee added and paid 500.00 in one session, confirmed as soon as asked
     * (new payee and a large payment, same session, too fast to read, a round amount).
     */
    @SuppressWarnings("unchecked")
    private static String held() {
        AccountNumber from = bank.account(alice).open();
        bank.deposit(from, "1000.00");
        CallContext hasty = new CallContext("test-transport", "tool-tests 1.2.3", "session-held-" + key(),
                request -> new HumanConfirmation.Answer.Approved("customer:" + alice, "chat-terminal"));
        Map<String, Object> added = ok(tools.call(TELLER, hasty, "add_payee", args("customer_id", alice, "name", "Quick Cash",
                "account", checking.value(), "idempotency_key", key()))).structured();
        String payee = (String) ((Map<String, Object>) added.get("payee")).get("payee_id");
        bank.runtime().fraudMonitor().drain(); // screening reads the payee's addition from the monitor's projection
        Map<String, Object> paid = payment(ok(tools.call(TELLER, hasty, "pay", args("from_account", from.value(), "payee_id", payee,
                "amount", "500.00", "reference", "fast", "idempotency_key", key()))).structured());
        assertThat(bank.runtime().heldPayments().held()).extracting(held -> held.id().value()).contains((String) paid.get("payment_id"));
        return (String) paid.get("payment_id");
    }

    /** Alice's landlord at another bank, confirmed by her. */
    @SuppressWarnings("unchecked")
    private static String landlord() {
        CallContext confirming = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + alice, "chat-terminal"));
        Map<String, Object> added = ok(tools.call(TELLER, confirming, "add_payee", args("customer_id", alice, "name", "Landlord Ltd",
                "account", "DE89370400440532013000", "idempotency_key", key()))).structured();
        return (String) ((Map<String, Object>) added.get("payee")).get("payee_id");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payment(Map<String, Object> paid) {
        return (Map<String, Object>) paid.get("payment");
    }

    /** A new payee of Alice's, confirmed by her. */
    @SuppressWarnings("unchecked")
    private static String payee() {
        CallContext confirming = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + alice, "chat-terminal"));
        Map<String, Object> added = ok(tools.call(TELLER, confirming, "add_payee", args("customer_id", alice, "name", "Grace",
                "account", checking.value(), "idempotency_key", key()))).structured();
        return (String) ((Map<String, Object>) added.get("payee")).get("payee_id");
    }

    /**
     * A new referred application: Carol's income shows in the ledger, her credit score is good, but her account is
     * younger than 90 days, so underwriting refers her to an officer.
     */
    private static String referred() {
        long carol = bank.runtime().customers().register(bank.teller, "Carol Example", null).id();
        AccountNumber carolChecking = bank.account(carol).opening("9000.00").open();
        bank.runtime().sandboxProvider().orElseThrow().setCreditProfile(carol, 800, 0);
        String id = (String) ok(call(TELLER, "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", carol, "amount", "3000.00", "term_months", 24, "purpose", "bike", "monthly_net_income", "3000",
                "monthly_housing_cost", "500", "monthly_debt_payments", "0", "employment_status", "employed",
                "months_employed", 24, "disbursement_account", carolChecking.value()))).structured().get("application_id");
        CallContext consenting = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + carol, "chat-terminal"));
        ToolResult submitted = ok(tools.call(TELLER, consenting, "submit_loan_application", args("application_id", id,
                "idempotency_key", key())));
        assertThat(submitted.structured()).containsEntry("status", "referred");
        return id;
    }

    private static String complete() {
        return (String) ok(call(TELLER, "start_loan_application", args("product", "personal-loan", "idempotency_key", key(),
                "customer_id", alice, "amount", "3000.00", "term_months", 12, "purpose", "bike", "monthly_net_income", "2500",
                "monthly_housing_cost", "700", "monthly_debt_payments", "0", "employment_status", "employed",
                "months_employed", 24, "disbursement_account", checking.value()))).structured().get("application_id");
    }

    @Test
    void aSubmittedApplicationFitsTheSchemasOfSubmitAndGet() {
        String id = complete();
        CallContext consenting = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + alice, "chat-terminal"));
        // the credit bureau is down: the application stays submitted
        SandboxProvider sandbox = bank.runtime().sandboxProvider().orElseThrow();
        sandbox.failNext(SandboxProvider.Endpoint.CREDIT_REPORT, 3, SandboxProvider.Failure.UNAVAILABLE);
        ToolResult submitted = tools.call(TELLER, consenting, "submit_loan_application",
                args("application_id", id, "idempotency_key", key()));
        sandbox.behave();
        assertFitsItsSchema("submit_loan_application", submitted);
        assertThat(submitted.structured()).containsEntry("status", "submitted").containsEntry("consent_channel", "chat-terminal");
        ToolResult read = call(TELLER, "get_loan_application", args("application_id", id));
        assertFitsItsSchema("get_loan_application", read);
        assertThat(read.structured()).containsEntry("status", "submitted").containsKey("submitted_at");

        // the bureau answers: underwriting decides at once (Alice's accounts are new, so at best an officer reviews)
        String decided = complete();
        ToolResult answered = tools.call(TELLER, consenting, "submit_loan_application",
                args("application_id", decided, "idempotency_key", key()));
        assertFitsItsSchema("submit_loan_application", answered);
        assertThat((String) answered.structured().get("status")).isIn("declined", "referred");
        assertFitsItsSchema("get_loan_application", call(TELLER, "get_loan_application", args("application_id", decided)));
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return tools.call(principal, CONTEXT, tool, arguments);
    }

    private static long movedTransaction(ToolResult result) {
        return longAt(ok(result).structured(), "transaction", "transaction_id");
    }

    private static void assertFitsItsSchema(String tool, ToolResult result) {
        BankTool declared = tools.all().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow();
        assertThat(SchemaChecker.problems(declared.outputSchema(), ok(result).structured()))
                .as("structured result of %s against its outputSchema: %s", tool, result.text())
                .isEmpty();
    }

    @Test
    void aMovementAwaitingApprovalFitsTheSchemaAndIsListedAsPending() {
        ok(call(TELLER, "deposit", args("account_number", savings.value(), "amount", "100.00", "idempotency_key", key())));
        ToolResult waiting = call(TELLER, "transfer", args("from_account", savings.value(), "to_account", checking.value(),
                "amount", "101.00", "reference", "big move", "idempotency_key", key()));
        assertFitsItsSchema("transfer", waiting);
        assertThat(waiting.structured()).containsEntry("status", "AWAITING_APPROVAL").containsKey("approval_id");
        ToolResult pending = call(TELLER, "list_pending_operations", args());
        assertFitsItsSchema("list_pending_operations", pending);
        assertThat(pending.text()).contains((String) waiting.structured().get("approval_id"));
    }

    @TestFactory
    Stream<DynamicTest> everyToolsHappyPathResultFitsItsOutputSchema() {
        return tools.all().stream().map(tool -> dynamicTest(tool.name(), () -> {
            Case happy = HAPPY.get(tool.name());
            assertThat(happy).as("a happy path for %s in this test", tool.name()).isNotNull();
            assertThat(tool.visibleTo(happy.principal())).isTrue();
            ToolResult result = call(happy.principal(), tool.name(), happy.arguments().get());
            assertFitsItsSchema(tool.name(), result);
            @SuppressWarnings("unchecked")
            List<String> required = (List<String>) tool.outputSchema().get("required");
            assertThat(result.structured()).containsKeys(required.toArray(String[]::new));
        }));
    }

    @Test
    void theCheckerRejectsMissingRequiredFieldsWrongTypesUnknownEnumValuesAndUndeclaredFields() {
        Map<String, Object> schema = OutputSchemas.of(LedgerViews.Movement.class);
        Map<String, Object> fits = args("status", "POSTED", "message", "Posted.");
        assertThat(SchemaChecker.problems(schema, fits)).isEmpty();

        assertThat(SchemaChecker.problems(schema, args("status", "POSTED"))).singleElement().asString().contains("message");
        assertThat(SchemaChecker.problems(schema, args("status", "SENT", "message", "x"))).singleElement().asString().contains("SENT");
        assertThat(SchemaChecker.problems(schema, args("status", "POSTED", "message", 7))).singleElement().asString().contains("string");
        assertThat(SchemaChecker.problems(schema, args("status", "POSTED", "message", null))).singleElement().asString().contains("null");
        assertThat(SchemaChecker.problems(schema, args("status", "POSTED", "message", "x", "secret", "y")))
                .singleElement().asString().contains("secret");
        assertThat(SchemaChecker.problems(schema, args("status", "POSTED", "message", "x", "approval_expires_at", "soon")))
                .singleElement().asString().contains("date-time");
        assertThat(SchemaChecker.problems(schema, args("status", "POSTED", "message", "x",
                "transaction", args("transaction_id", "12")))).isNotEmpty();
    }

    @Test
    void aMovementReplayedUnderTheSameKeyStillFitsTheSchema() {
        Map<String, Object> deposit = args("account_number", checking.value(), "amount", "1.00", "reference", "again",
                "idempotency_key", key());
        assertFitsItsSchema("deposit", call(TELLER, "deposit", deposit));
        ToolResult replay = call(TELLER, "deposit", deposit);
        assertFitsItsSchema("deposit", replay);
        assertThat(at(replay.structured(), "status")).isEqualTo("ALREADY_POSTED");
    }

    @Test
    void theLastHistoryPageWithoutACursorFitsTheSchema() {
        ToolResult last = call(TELLER, "list_transactions", args("account_number", savings.value(), "limit", 100));
        assertFitsItsSchema("list_transactions", last);
        assertThat(last.structured()).doesNotContainKey("next_cursor").containsEntry("has_more", false);
    }

    @Test
    void aCustomersOwnViewsFitTheSchemaToo() {
        Principal self = customer(alice);
        assertFitsItsSchema("list_accounts", call(self, "list_accounts", args()));
        assertFitsItsSchema("get_customer", call(self, "get_customer", args()));
        assertFitsItsSchema("transfer", call(self, "transfer", args("from_account", savings.value(), "to_account",
                checking.value(), "amount", "1.00", "reference", "back", "idempotency_key", key())));
    }

    @Test
    void aDepositWithoutTheOptionalReferenceStillFitsTheSchema() {
        // reference is an optional parameter, so a movement without one is an ordinary happy path
        ToolResult result = call(TELLER, "deposit", args("account_number", checking.value(), "amount", "2.00",
                "idempotency_key", key()));
        assertFitsItsSchema("deposit", result);
        assertFitsItsSchema("list_transactions", call(TELLER, "list_transactions", args("account_number", checking.value(), "limit", 1)));
        assertFitsItsSchema("get_transaction", call(TELLER, "get_transaction",
                args("transaction_id", longAt(result.structured(), "transaction", "transaction_id"))));
    }

    @Test
    void aPendingMovementWithoutTheOptionalReferenceStillFitsTheSchema() {
        ToolResult waiting = call(customer(alice), "deposit", args("account_number", checking.value(), "amount", "120.00",
                "idempotency_key", key()));
        assertFitsItsSchema("deposit", waiting);
        assertThat(waiting.structured()).containsEntry("status", "AWAITING_APPROVAL");
        assertFitsItsSchema("list_pending_operations", call(customer(alice), "list_pending_operations", args()));
    }

    @Test
    void aCustomerRegisteredWithoutAnEmailStillFitsTheSchema() {
        // email is optional at registration (the fixtures register customers without one)
        long plain = bank.customer();
        assertFitsItsSchema("get_customer", call(TELLER, "get_customer", args("customer_id", plain)));
        assertFitsItsSchema("list_customers", call(TELLER, "list_customers", args("limit", 100)));
    }
}
