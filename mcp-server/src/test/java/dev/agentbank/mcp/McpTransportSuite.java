package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.lending.LoanFixtures;
import dev.agentbank.lending.application.Disbursements;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import dev.agentbank.tools.BankTool;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bank over MCP, through the SDK's own client, once per transport: a subclass supplies the transport.
 * Every tool is called on its happy path and its rejection paths, foreign objects must read like missing
 * ones, and malformed calls must come back as errors that change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class McpTransportSuite extends SharedBankTest {
    static final Set<String> READS = Set.of("list_accounts", "get_balance", "list_transactions", "get_transaction", "get_customer");
    static final Set<String> MONEY_TOOLS = Set.of("deposit", "withdraw", "transfer", "reverse_transaction");
    static final Set<String> LOAN_READS = Set.of("list_loan_products", "get_loan_application", "list_loan_applications");
    static final Set<String> OFFICER_TOOLS = Set.of("list_referred_loan_applications", "decide_loan_application");
    static final Set<String> LOAN_CHANGES = Set.of("start_loan_application", "update_loan_application",
            "submit_loan_application", "accept_loan_offer", "withdraw_loan_application");
    static final Set<String> PAYEE_CHANGES = Set.of("add_payee", "remove_payee");
    private static final ObjectMapper JSON = new ObjectMapper();

    protected long alice;
    protected long bob;
    protected AccountNumber aliceChecking;
    protected AccountNumber aliceSavings;
    protected AccountNumber bobChecking;
    protected long bobTransaction;
    protected long aliceTransaction;
    protected McpSyncClient aliceClient;
    protected McpSyncClient tellerClient;
    protected McpSyncClient analystClient;
    private final List<McpSyncClient> clients = new ArrayList<>();

    /** Starts whatever the transport needs on {@code bank}; called once, before any client. */
    protected abstract void startServer(TestBank bank) throws Exception;

    /** A connected, initialised client whose requests carry this bearer token. */
    protected abstract McpSyncClient connect(String token) throws Exception;

    protected abstract void stopServer() throws Exception;

    @BeforeAll
    void openTransport() throws Exception {
        alice = bank.customer();
        bob = bank.customer();
        aliceChecking = bank.checking(alice, "1000.00");
        aliceSavings = bank.account(alice).kind(AccountKind.SAVINGS).opening("50.00").open();
        bobChecking = bank.checking(bob, "500.00");
        bobTransaction = bank.deposit(bobChecking, "25.00").transactionId();
        aliceTransaction = bank.deposit(aliceChecking, "10.00").transactionId();
        startServer(bank);
        aliceClient = client(new Principal.CustomerPrincipal(alice));
        tellerClient = client(new Principal.Staff(Role.TELLER, "tina"));
        analystClient = client(new Principal.Staff(Role.ANALYST, "ana"));
    }

    protected McpSyncClient client(Principal principal) throws Exception {
        String token = bank.runtime().tokens().create(Actor.of("teller", "setup"), principal, Optional.empty()).token();
        McpSyncClient client = connect(token);
        clients.add(client);
        return client;
    }

    @AfterAll
    void closeTransport() throws Exception {
        for (McpSyncClient client : clients) {
            try {
                client.closeGracefully();
            } catch (RuntimeException e) {
                // the process or server may be gone already
            }
        }
        stopServer();
    }

    // ---- tools/list -----------------------------------------------------------------------------------------

    @Test
    void listsOnlyTheToolsEachPrincipalMayUse() {
        ToolBox toolBox = bank.runtime().toolBox();
        Set<String> customer = names(aliceClient);
        Set<String> teller = names(tellerClient);
        Set<String> analyst = names(analystClient);
        assertThat(customer).isEqualTo(visible(toolBox, new Principal.CustomerPrincipal(alice)))
                .containsAll(READS).contains("deposit", "withdraw", "transfer")
                .doesNotContain("reverse_transaction", "list_customers", "verify_audit_log");
        assertThat(teller).isEqualTo(visible(toolBox, new Principal.Staff(Role.TELLER, "tina")))
                .containsAll(READS).containsAll(MONEY_TOOLS).contains("list_customers").doesNotContain("verify_audit_log");
        assertThat(analyst).isEqualTo(visible(toolBox, new Principal.Staff(Role.ANALYST, "ana")))
                .containsAll(READS).contains("list_customers", "verify_audit_log").doesNotContainAnyElementsOf(MONEY_TOOLS);
        assertThat(customer).containsAll(LOAN_READS).containsAll(LOAN_CHANGES);
        assertThat(teller).containsAll(LOAN_READS).containsAll(LOAN_CHANGES);
        assertThat(analyst).containsAll(LOAN_READS).doesNotContainAnyElementsOf(LOAN_CHANGES);
        // only a loan officer decides referrals
        Set<String> officer = visible(toolBox, new Principal.Staff(Role.OFFICER, "olga"));
        assertThat(officer).containsAll(LOAN_READS).containsAll(OFFICER_TOOLS).doesNotContainAnyElementsOf(LOAN_CHANGES)
                .doesNotContainAnyElementsOf(MONEY_TOOLS);
        assertThat(customer).doesNotContainAnyElementsOf(OFFICER_TOOLS);
        assertThat(teller).doesNotContainAnyElementsOf(OFFICER_TOOLS);
        assertThat(analyst).doesNotContainAnyElementsOf(OFFICER_TOOLS);
        // payees: customers and tellers manage them, analysts only read them, officers neither
        assertThat(customer).contains("list_payees").containsAll(PAYEE_CHANGES);
        assertThat(teller).contains("list_payees").containsAll(PAYEE_CHANGES);
        assertThat(analyst).contains("list_payees").doesNotContainAnyElementsOf(PAYEE_CHANGES);
        assertThat(officer).doesNotContain("list_payees").doesNotContainAnyElementsOf(PAYEE_CHANGES);
    }

    private static Set<String> visible(ToolBox toolBox, Principal principal) {
        return toolBox.visibleTo(principal).stream().map(BankTool::name).collect(Collectors.toSet());
    }

    @Test
    void everyToolCarriesTitleSchemasAndHonestAnnotations() {
        Map<String, McpSchema.Tool> tools = new HashMap<>();
        tellerClient.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
        analystClient.listTools().tools().forEach(tool -> tools.put(tool.name(), tool));
        ToolBox toolBox = bank.runtime().toolBox();
        assertThat(tools.keySet()).containsAll(READS).containsAll(MONEY_TOOLS).contains("list_customers", "verify_audit_log");
        for (BankTool bankTool : toolBox.all()) {
            McpSchema.Tool tool = tools.get(bankTool.name());
            if (tool == null) {
                continue; // a tool neither staff role may use is checked by the ToolBox's own tests
            }
            assertThat(tool.title()).as(tool.name()).isEqualTo(bankTool.policy().title());
            assertThat(tool.description()).as(tool.name()).isEqualTo(bankTool.specification().description());
            assertThat(tool.inputSchema()).as(tool.name()).containsEntry("type", "object").containsEntry("additionalProperties", false);
            Map<String, Object> declared = new HashMap<>(JSON.convertValue(bankTool.inputSchema(), Map.class));
            declared.put("additionalProperties", false);
            assertThat(tool.inputSchema()).as(tool.name()).isEqualTo(declared);
            assertThat(tool.outputSchema()).as(tool.name()).isEqualTo(JSON.convertValue(bankTool.outputSchema(), Map.class));
            McpSchema.ToolAnnotations hints = tool.annotations();
            Effect effect = bankTool.policy().effect();
            assertThat(hints.readOnlyHint()).as(tool.name() + " readOnlyHint").isEqualTo(effect == Effect.READ);
            assertThat(hints.destructiveHint()).as(tool.name() + " destructiveHint").isEqualTo(effect == Effect.MOVES_MONEY);
            assertThat(hints.idempotentHint()).as(tool.name() + " idempotentHint")
                    .isEqualTo(effect == Effect.READ || bankTool.takesIdempotencyKey());
            assertThat(hints.openWorldHint()).as(tool.name() + " openWorldHint").isEqualTo(bankTool.policy().openWorld());
        }
        for (String read : READS) {
            assertThat(tools.get(read).annotations().readOnlyHint()).as(read).isTrue();
            assertThat(tools.get(read).annotations().destructiveHint()).as(read).isFalse();
        }
        for (String money : MONEY_TOOLS) {
            assertThat(tools.get(money).annotations().readOnlyHint()).as(money).isFalse();
            assertThat(tools.get(money).annotations().destructiveHint()).as(money).isTrue();
        }
        assertThat(tools.get("transfer").inputSchema().get("required")).asList()
                .containsExactlyInAnyOrder("from_account", "to_account", "amount", "idempotency_key");
    }

    // ---- happy paths ----------------------------------------------------------------------------------------

    @Test
    void customerReadsOwnAccountsHistoryAndProfile() {
        Map<String, Object> accounts = ok(aliceClient, "list_accounts", Map.of());
        assertThat(listOf(accounts, "accounts")).extracting(account -> account.get("account_number"))
                .containsExactlyInAnyOrder(aliceChecking.value(), aliceSavings.value());

        Map<String, Object> balance = ok(aliceClient, "get_balance", Map.of("account_number", aliceSavings.value()));
        assertThat(balance).containsEntry("balance", "50.00").containsEntry("currency", "EUR");

        Map<String, Object> first = ok(aliceClient, "list_transactions", Map.of("account_number", aliceChecking.value(), "limit", 1));
        assertThat(first).containsEntry("has_more", true);
        assertThat(listOf(first, "transactions")).hasSize(1);
        Map<String, Object> second = ok(aliceClient, "list_transactions",
                Map.of("account_number", aliceChecking.value(), "limit", 1, "cursor", first.get("next_cursor")));
        assertThat(listOf(second, "transactions").get(0).get("transaction_id"))
                .isNotEqualTo(listOf(first, "transactions").get(0).get("transaction_id"));

        Map<String, Object> transaction = ok(aliceClient, "get_transaction", Map.of("transaction_id", aliceTransaction));
        assertThat(((Number) transaction.get("transaction_id")).longValue()).isEqualTo(aliceTransaction);
        assertThat(transaction).containsEntry("kind", "DEPOSIT");

        Map<String, Object> me = ok(aliceClient, "get_customer", Map.of());
        assertThat(((Number) me.get("customer_id")).longValue()).isEqualTo(alice);
    }

    @Test
    void customerMovesMoneyOncePerIdempotencyKey() {
        AccountNumber from = bank.checking(alice, "90.00");
        AccountNumber to = bank.account(alice).kind(AccountKind.SAVINGS).open();
        String key = UUID.randomUUID().toString();
        Map<String, Object> transfer = Map.of("from_account", from.value(), "to_account", to.value(), "amount", "12.50",
                "reference", "rent", "idempotency_key", key);
        assertThat(ok(aliceClient, "transfer", transfer)).containsEntry("status", "POSTED");
        assertThat(ok(aliceClient, "transfer", transfer)).containsEntry("status", "ALREADY_POSTED");
        assertThat(bank.balance(from).amount()).isEqualByComparingTo("77.50");
        assertThat(bank.balance(to).amount()).isEqualByComparingTo("12.50");

        assertThat(ok(aliceClient, "deposit", Map.of("account_number", to.value(), "amount", "20.00",
                "idempotency_key", UUID.randomUUID().toString()))).containsEntry("status", "POSTED");
        assertThat(ok(aliceClient, "withdraw", Map.of("account_number", to.value(), "amount", "2.50", "currency", "EUR",
                "idempotency_key", UUID.randomUUID().toString()))).containsEntry("status", "POSTED");
        assertThat(bank.balance(to).amount()).isEqualByComparingTo("30.00");
    }

    @Test
    @SuppressWarnings("unchecked")
    void customerAddsAPayeeApprovedOutsideTheSessionAndPaysIt() throws Exception {
        long carol = bank.customer();
        AccountNumber carols = bank.checking(carol, "300.00");
        AccountNumber daves = bank.checking(bank.customer(), "0.00");
        McpSyncClient carolClient = client(new Principal.CustomerPrincipal(carol));
        Map<String, Object> addition = Map.of("name", "Dave", "account", daves.value(), "idempotency_key", UUID.randomUUID().toString());

        // this client cannot ask Carol: the payee waits for a human at the bank's terminal
        Map<String, Object> waiting = ok(carolClient, "add_payee", addition);
        assertThat(waiting).containsEntry("status", "awaiting_approval");
        assertThat(bank.runtime().approvals().approve((String) waiting.get("approval_id"), Actor.of("operator", "olga"), "cli").done())
                .isTrue();
        Map<String, Object> added = ok(carolClient, "add_payee", addition);
        assertThat(added).containsEntry("status", "added");
        String payee = (String) ((Map<String, Object>) added.get("payee")).get("payee_id");

        Map<String, Object> payment = Map.of("from_account", carols.value(), "payee_id", payee, "amount", "25.00",
                "reference", "lunch", "idempotency_key", UUID.randomUUID().toString());
        Map<String, Object> paid = ok(carolClient, "pay", payment);
        assertThat(paid).containsEntry("status", "paid");
        assertThat(ok(carolClient, "pay", payment)).containsEntry("status", "paid").containsEntry("replayed", true);
        assertThat(bank.balance(carols).amount()).isEqualByComparingTo("275.00");
        assertThat(bank.balance(daves).amount()).isEqualByComparingTo("25.00");

        String id = (String) ((Map<String, Object>) paid.get("payment")).get("payment_id");
        assertThat(ok(carolClient, "get_payment", Map.of("payment_id", id))).containsEntry("status", "settled")
                .containsEntry("payee_name", "Dave");
        assertThat(error(aliceClient, "get_payment", Map.of("payment_id", id))).contains("No payment");
        assertThat((List<Map<String, Object>>) ok(carolClient, "list_payments", Map.of()).get("payments"))
                .extracting(listed -> listed.get("payment_id")).containsExactly(id);
    }

    @Test
    void tellerReversesATransactionAndListsCustomers() {
        AccountNumber account = bank.checking(alice, "80.00");
        long deposit = bank.deposit(account, "20.00").transactionId();
        Map<String, Object> reversal = ok(tellerClient, "reverse_transaction", Map.of("transaction_id", deposit,
                "reason", "deposited twice", "idempotency_key", UUID.randomUUID().toString()));
        assertThat(reversal).containsEntry("status", "POSTED");
        assertThat(bank.balance(account).amount()).isEqualByComparingTo("80.00");

        Map<String, Object> customers = ok(tellerClient, "list_customers", Map.of("limit", 100));
        assertThat(listOf(customers, "customers")).extracting(c -> ((Number) c.get("customer_id")).longValue()).contains(alice, bob);
    }

    @Test
    void analystVerifiesTheAuditLog() {
        Map<String, Object> report = ok(analystClient, "verify_audit_log", Map.of());
        assertThat(report).containsEntry("intact", true);
        assertThat(((Number) report.get("verified_events")).longValue()).isPositive();
    }

    @Test
    void everyToolCallIsAuditedWithTransportAndClient() {
        String alicesCallsHere = "SELECT count(*) FROM audit_event WHERE action = 'tool_call' AND actor = 'customer:" + alice
                + "' AND details::jsonb->>'transport' = '" + transportName() + "' AND details::jsonb->>'client' = 'agentbank-test 1.0'"
                + " AND details::jsonb->>'session' <> 'unknown'";
        auditSettles(); // a server process writes the records of reads in batches (BatchedAudit)
        long before = bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'tool_call'");
        long alicesBefore = bank.queryLong(alicesCallsHere);
        ok(aliceClient, "get_balance", Map.of("account_number", aliceChecking.value()));
        error(aliceClient, "get_balance", Map.of("account_number", bobChecking.value()));
        auditSettles();
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'tool_call'")).isEqualTo(before + 2);
        assertThat(bank.queryLong(alicesCallsHere)).isEqualTo(alicesBefore + 2);
    }

    /** Long enough for any batch of audit records queued so far to be written (several batch windows). */
    private static void auditSettles() {
        try {
            Thread.sleep(dev.agentbank.shared.audit.BatchedAudit.WINDOW.multipliedBy(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The transport's name in the audit log. */
    protected abstract String transportName();

    // ---- rejections -----------------------------------------------------------------------------------------

    @Test
    void rejectsAnOverdraftAsAToolErrorAndChangesNothing() {
        TestBank.Snapshot before = money(bank.snapshot());
        String message = error(aliceClient, "withdraw", Map.of("account_number", aliceSavings.value(), "amount", "5000.00",
                "idempotency_key", UUID.randomUUID().toString()));
        assertThat(message).startsWith("Insufficient funds in " + aliceSavings.value());
        assertThat(money(bank.snapshot())).isEqualTo(before);
    }

    @Test
    void rejectsBadArgumentsWithMessagesForTheModel() {
        TestBank.Snapshot before = money(bank.snapshot());
        assertThat(error(aliceClient, "deposit", Map.of("account_number", aliceChecking.value(), "amount", "ten euros",
                "idempotency_key", UUID.randomUUID().toString()))).doesNotContain("Exception").isNotBlank();
        assertThat(error(aliceClient, "transfer", Map.of("from_account", aliceChecking.value(), "to_account", aliceSavings.value(),
                "amount", "1.00"))).contains("idempotency_key");
        assertThat(error(aliceClient, "list_transactions", Map.of("account_number", aliceChecking.value(), "cursor", "bogus")))
                .contains("cursor");
        assertThat(error(aliceClient, "get_balance", Map.of("account_number", "not-an-account")))
                .contains("account_number must be an account number");
        assertThat(money(bank.snapshot())).isEqualTo(before);
    }

    @Test
    void refusesToolsThePrincipalMayNotUseEvenWhenCalledAnyway() {
        TestBank.Snapshot before = money(bank.snapshot());
        assertThat(error(aliceClient, "reverse_transaction", Map.of("transaction_id", aliceTransaction, "reason", "x",
                "idempotency_key", UUID.randomUUID().toString()))).startsWith("No tool 'reverse_transaction' is available to you");
        assertThat(error(aliceClient, "list_customers", Map.of())).startsWith("No tool 'list_customers' is available to you");
        assertThat(error(aliceClient, "verify_audit_log", Map.of())).startsWith("No tool 'verify_audit_log' is available to you");
        assertThat(error(analystClient, "deposit", Map.of("account_number", aliceChecking.value(), "amount", "1.00",
                "idempotency_key", UUID.randomUUID().toString()))).startsWith("No tool 'deposit' is available to you");
        assertThat(error(analystClient, "transfer", Map.of("from_account", aliceChecking.value(), "to_account", bobChecking.value(),
                "amount", "1.00", "idempotency_key", UUID.randomUUID().toString()))).startsWith("No tool 'transfer' is available to you");
        assertThat(error(tellerClient, "verify_audit_log", Map.of())).startsWith("No tool 'verify_audit_log' is available to you");
        assertThat(money(bank.snapshot())).isEqualTo(before);
    }

    // ---- not yours reads like not there ---------------------------------------------------------------------

    @Test
    void anotherCustomersObjectsAreAnsweredExactlyLikeMissingOnes() {
        String missingAccount = AccountNumber.fromSerial(99_999_998L).value();
        long missingTransaction = 9_000_000_000L;
        long missingCustomer = 9_000_000_000L;
        String bobsApplication = bank.runtime().loanApplications().start(new Principal.CustomerPrincipal(bob), null,
                "personal-loan", new IdempotencyKey(UUID.randomUUID().toString()), FieldChanges.none()).id().value();
        String missingApplication = "LA-000000000000";
        TestBank.Snapshot before = money(bank.snapshot());
        record Probe(String tool, Map<String, Object> foreign, Map<String, Object> missing, String foreignId, String missingId) {}
        String key = UUID.randomUUID().toString();
        List<Probe> probes = List.of(
                new Probe("get_balance", Map.of("account_number", bobChecking.value()), Map.of("account_number", missingAccount),
                        bobChecking.value(), missingAccount),
                new Probe("list_transactions", Map.of("account_number", bobChecking.value()), Map.of("account_number", missingAccount),
                        bobChecking.value(), missingAccount),
                new Probe("deposit", Map.of("account_number", bobChecking.value(), "amount", "5.00", "idempotency_key", key),
                        Map.of("account_number", missingAccount, "amount", "5.00", "idempotency_key", key), bobChecking.value(), missingAccount),
                new Probe("withdraw", Map.of("account_number", bobChecking.value(), "amount", "5.00", "idempotency_key", key),
                        Map.of("account_number", missingAccount, "amount", "5.00", "idempotency_key", key), bobChecking.value(), missingAccount),
                new Probe("transfer", Map.of("from_account", bobChecking.value(), "to_account", aliceChecking.value(), "amount", "5.00",
                        "idempotency_key", key), Map.of("from_account", missingAccount, "to_account", aliceChecking.value(), "amount", "5.00",
                        "idempotency_key", key), bobChecking.value(), missingAccount),
                new Probe("transfer", Map.of("from_account", aliceChecking.value(), "to_account", bobChecking.value(), "amount", "5.00",
                        "idempotency_key", key), Map.of("from_account", aliceChecking.value(), "to_account", missingAccount, "amount", "5.00",
                        "idempotency_key", key), bobChecking.value(), missingAccount),
                new Probe("get_transaction", Map.of("transaction_id", bobTransaction), Map.of("transaction_id", missingTransaction),
                        Long.toString(bobTransaction), Long.toString(missingTransaction)),
                new Probe("get_customer", Map.of("customer_id", bob), Map.of("customer_id", missingCustomer),
                        Long.toString(bob), Long.toString(missingCustomer)),
                new Probe("list_accounts", Map.of("customer_id", bob), Map.of("customer_id", missingCustomer),
                        Long.toString(bob), Long.toString(missingCustomer)),
                new Probe("get_loan_application", Map.of("application_id", bobsApplication),
                        Map.of("application_id", missingApplication), bobsApplication, missingApplication),
                new Probe("update_loan_application", Map.of("application_id", bobsApplication, "purpose", "taken over"),
                        Map.of("application_id", missingApplication, "purpose", "taken over"), bobsApplication, missingApplication),
                new Probe("submit_loan_application", Map.of("application_id", bobsApplication, "idempotency_key", key),
                        Map.of("application_id", missingApplication, "idempotency_key", key), bobsApplication, missingApplication),
                new Probe("list_loan_applications", Map.of("customer_id", bob), Map.of("customer_id", missingCustomer),
                        Long.toString(bob), Long.toString(missingCustomer)));
        for (Probe probe : probes) {
            String foreign = error(aliceClient, probe.tool(), probe.foreign());
            String missing = error(aliceClient, probe.tool(), probe.missing());
            assertThat(foreign.replace(probe.foreignId(), "<id>")).as(probe.tool())
                    .isEqualTo(missing.replace(probe.missingId(), "<id>"))
                    .contains("<id>");
        }
        assertThat(money(bank.snapshot())).isEqualTo(before);
    }

    // ---- resources and prompts ------------------------------------------------------------------------------

    @Test
    void readsAMonthlyStatementOfAnOwnAccountOnly() throws Exception {
        AccountNumber account = bank.checking(alice, "200.00");
        bank.withdraw(account, "30.25");
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String uri = "bank://accounts/" + account.value() + "/statements/" + month;
        McpSchema.ReadResourceResult result = aliceClient.readResource(new McpSchema.ReadResourceRequest(uri));
        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) result.contents().get(0);
        assertThat(contents.mimeType()).isEqualTo("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Object> statement = JSON.readValue(contents.text(), Map.class);
        assertThat(statement).containsEntry("account_number", account.value()).containsEntry("month", month)
                .containsEntry("opening_balance", "0.00").containsEntry("closing_balance", "169.75")
                .containsEntry("money_in", "200.00").containsEntry("money_out", "30.25");
        assertThat(listOf(statement, "transactions")).extracting(row -> row.get("amount")).containsExactly("200.00", "-30.25");

        String missing = AccountNumber.fromSerial(99_999_997L).value();
        String foreignMessage = resourceError(aliceClient, "bank://accounts/" + bobChecking.value() + "/statements/" + month);
        String missingMessage = resourceError(aliceClient, "bank://accounts/" + missing + "/statements/" + month);
        assertThat(foreignMessage.replace(bobChecking.value(), "<id>")).isEqualTo(missingMessage.replace(missing, "<id>"));
        assertThat(aliceClient.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .contains(Statements.TEMPLATE);
    }

    @Test
    void readsAnOwnLoanApplicationAsAResourceThatMatchesTheTool() throws Exception {
        String id = (String) ok(aliceClient, "start_loan_application", Map.of("product", "personal-loan",
                "idempotency_key", UUID.randomUUID().toString(), "amount", "8000.00", "purpose", "a car")).get("application_id");
        String uri = "bank://loan-applications/" + id;
        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) aliceClient
                .readResource(new McpSchema.ReadResourceRequest(uri)).contents().get(0);
        assertThat(contents.mimeType()).isEqualTo("application/json");
        @SuppressWarnings("unchecked")
        Map<String, Object> application = JSON.readValue(contents.text(), Map.class);
        assertThat(application).containsEntry("application_id", id).containsEntry("status", "draft");
        assertThat(application.get("missing_fields").toString()).contains("term_months").doesNotContain("purpose");
        assertThat(application).isEqualTo(ok(aliceClient, "get_loan_application", Map.of("application_id", id)));

        String bobs = bank.runtime().loanApplications().start(new Principal.CustomerPrincipal(bob), null, "personal-loan",
                new IdempotencyKey(UUID.randomUUID().toString()), FieldChanges.none()).id().value();
        String missing = "LA-" + "0".repeat(12);
        assertThat(resourceError(aliceClient, "bank://loan-applications/" + bobs).replace(bobs, "<id>"))
                .isEqualTo(resourceError(aliceClient, "bank://loan-applications/" + missing).replace(missing, "<id>"));
        assertThat(aliceClient.listResourceTemplates().resourceTemplates()).extracting(McpSchema.ResourceTemplate::uriTemplate)
                .contains(ToolResources.LOAN_APPLICATION.uriTemplate());
    }

    @Test
    void readsAnOwnLoansScheduleAsAResource() throws Exception {
        String loan = payOut(alice, aliceChecking);
        String bobs = payOut(bob, bobChecking);
        String uri = "bank://loans/" + loan + "/schedule";
        McpSchema.TextResourceContents contents = (McpSchema.TextResourceContents) aliceClient
                .readResource(new McpSchema.ReadResourceRequest(uri)).contents().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = JSON.readValue(contents.text(), Map.class);
        Map<String, Object> fromTool = ok(aliceClient, "get_loan", Map.of("loan_id", loan));

        assertThat(schedule).containsEntry("loan_id", loan).containsEntry("principal", "2000.00")
                .containsEntry("schedule", fromTool.get("schedule")).doesNotContainKey("payoff_today");
        assertThat(listOf(schedule, "schedule")).hasSize(12).first().satisfies(row ->
                assertThat(row).containsEntry("number", 1).containsEntry("status", "DUE"));
        String missing = "LN-" + "0".repeat(12);
        assertThat(resourceError(aliceClient, "bank://loans/" + bobs + "/schedule").replace(bobs, "<id>"))
                .isEqualTo(resourceError(aliceClient, "bank://loans/" + missing + "/schedule").replace(missing, "<id>"));
    }

    private String payOut(long customer, AccountNumber payoutAccount) {
        var accepted = LoanFixtures.accepted(customer, payoutAccount, "2000.00", 12,
                java.time.LocalDate.now(ZoneOffset.UTC).plusMonths(1), java.time.Instant.now());
        return ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller, accepted)).loan().id().value();
    }

    @Test
    void spendingPromptNamesTheToolsAndInsistsOnToolResults() {
        assertThat(aliceClient.listPrompts().prompts()).extracting(McpSchema.Prompt::name).contains(Prompts.MONTHLY_SPENDING);
        McpSchema.GetPromptResult prompt = aliceClient.getPrompt(new McpSchema.GetPromptRequest(Prompts.MONTHLY_SPENDING,
                Map.of("account_number", aliceChecking.value(), "month", "2026-11")));
        String text = ((McpSchema.TextContent) prompt.messages().get(0).content()).text();
        assertThat(text).contains("list_transactions", aliceChecking.value(), "\"2026-11-01\"", "\"2026-12-01\"", "next_cursor",
                "Use only figures from these tool results");
        assertThatThrownBy(() -> aliceClient.getPrompt(new McpSchema.GetPromptRequest(Prompts.MONTHLY_SPENDING,
                Map.of("account_number", aliceChecking.value(), "month", "November")))).isInstanceOf(McpError.class)
                .hasMessageContaining("month must be YYYY-MM");
    }

    // ---- fuzzing --------------------------------------------------------------------------------------------

    @Test
    void everyMalformedCallIsAnErrorAndTheServerStaysUpWithTheBankUnchanged() {
        TestBank.Snapshot before = money(bank.snapshot());
        List<FuzzCases.Case> cases = FuzzCases.all(bank.runtime().toolBox().all(), validArguments());
        assertThat(cases).hasSizeGreaterThan(300);
        List<String> accepted = new ArrayList<>();
        for (FuzzCases.Case fuzz : cases) {
            McpSyncClient client = fuzz.tool().equals("verify_audit_log") ? analystClient : tellerClient;
            try {
                CallToolResult result = client.callTool(new McpSchema.CallToolRequest(fuzz.tool(), fuzz.arguments()));
                if (!Boolean.TRUE.equals(result.isError())) {
                    accepted.add(fuzz.toString());
                } else {
                    assertThat(text(result)).as(fuzz.toString()).isNotBlank().doesNotContain("Exception", "\tat ");
                }
            } catch (McpError e) {
                // a protocol-level validation error is an acceptable answer to a malformed call; an internal error is not
                assertThat(e.getJsonRpcError().code()).as("%s: %s", fuzz, e.getMessage())
                        .isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
            }
        }
        assertThat(accepted).as("malformed calls that were accepted").isEmpty();
        assertThat(tellerClient.ping()).isNotNull();
        assertThat(ok(tellerClient, "get_balance", Map.of("account_number", aliceChecking.value()))).containsKey("balance");
        assertThat(money(bank.snapshot())).isEqualTo(before);
    }

    /** A valid call per tool, each made to fail by exactly one mutation. */
    private Map<String, Map<String, Object>> validArguments() {
        Map<String, Map<String, Object>> valid = new LinkedHashMap<>();
        valid.put("list_accounts", Map.of("customer_id", alice));
        valid.put("get_balance", Map.of("account_number", aliceChecking.value()));
        valid.put("list_transactions", Map.of("account_number", aliceChecking.value(), "limit", 5, "kind", "DEPOSIT",
                "from", "2020-01-01", "to", "2099-01-01"));
        valid.put("get_transaction", Map.of("transaction_id", aliceTransaction));
        valid.put("deposit", Map.of("account_number", aliceChecking.value(), "amount", "1.00", "currency", "EUR",
                "reference", "fuzz", "idempotency_key", "fuzz-deposit"));
        valid.put("withdraw", Map.of("account_number", aliceChecking.value(), "amount", "1.00", "currency", "EUR",
                "reference", "fuzz", "idempotency_key", "fuzz-withdraw"));
        valid.put("transfer", Map.of("from_account", aliceChecking.value(), "to_account", aliceSavings.value(), "amount", "1.00",
                "currency", "EUR", "reference", "fuzz", "idempotency_key", "fuzz-transfer"));
        valid.put("reverse_transaction", Map.of("transaction_id", aliceTransaction, "reason", "fuzz", "idempotency_key", "fuzz-reverse"));
        valid.put("get_customer", Map.of("customer_id", alice));
        valid.put("list_customers", Map.of("limit", 5, "offset", 0));
        valid.put("verify_audit_log", Map.of());
        valid.put("open_account", Map.of("customer_id", alice, "product_code", "retail-savings", "name", "fuzz",
                "idempotency_key", "fuzz-open"));
        valid.put("register_customer", Map.of("full_name", "Fuzz Example", "email", "fuzz@example.com"));
        valid.put("list_pending_operations", Map.of("limit", 5));
        String draft = bank.runtime().loanApplications().start(new Principal.CustomerPrincipal(alice), null, "personal-loan",
                new IdempotencyKey("fuzz-draft"), FieldChanges.none()).id().value();
        valid.put("list_loan_products", Map.of());
        valid.put("start_loan_application", Map.of("product", "personal-loan", "idempotency_key", "fuzz-start",
                "customer_id", alice, "amount", "5000.00", "term_months", 24, "purpose", "fuzz", "monthly_net_income", "2500.00",
                "monthly_housing_cost", "700", "monthly_debt_payments", "0", "employment_status", "employed"));
        valid.put("update_loan_application", Map.of("application_id", draft, "amount", "5000.00", "term_months", 24,
                "monthly_net_income", "2500.00", "monthly_housing_cost", "700", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 12, "disbursement_account", aliceChecking.value()));
        valid.put("get_loan_application", Map.of("application_id", draft));
        valid.put("list_loan_applications", Map.of("customer_id", alice));
        valid.put("submit_loan_application", Map.of("application_id", draft, "idempotency_key", "fuzz-submit"));
        return valid;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static Set<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    /** A successful call's structured content; fails the test on an error result. */
    @SuppressWarnings("unchecked")
    protected static Map<String, Object> ok(McpSyncClient client, String tool, Map<String, Object> arguments) {
        CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertThat(result.isError()).as(tool + " " + arguments + ": " + text(result)).isNotEqualTo(Boolean.TRUE);
        assertThat(result.structuredContent()).as(tool + " structuredContent").isInstanceOf(Map.class);
        assertThat(text(result)).as(tool + " text content").isNotBlank();
        return (Map<String, Object>) result.structuredContent();
    }

    /** An error result's message; fails the test on success or on a protocol error. */
    protected static String error(McpSyncClient client, String tool, Map<String, Object> arguments) {
        CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, arguments));
        assertThat(result.isError()).as(tool + " " + arguments + " should be refused").isTrue();
        assertThat(result.structuredContent()).as(tool + " error structuredContent").isNull();
        return text(result);
    }

    private static String resourceError(McpSyncClient client, String uri) {
        try {
            client.readResource(new McpSchema.ReadResourceRequest(uri));
        } catch (McpError e) {
            assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND);
            return e.getJsonRpcError().message();
        }
        throw new AssertionError("reading " + uri + " should fail");
    }

    static String text(CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text()).collect(Collectors.joining("\n"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOf(Map<String, Object> map, String key) {
        return (List<Map<String, Object>>) map.get(key);
    }

    /** The money side of a snapshot: every tool call adds audit rows, so those are left out. */
    static TestBank.Snapshot money(TestBank.Snapshot s) {
        return new TestBank.Snapshot(s.journalEntries(), s.postings(), 0, 0, s.customers(), s.accounts(),
                s.balanceSumMinor(), s.accountSeqSum());
    }
}
