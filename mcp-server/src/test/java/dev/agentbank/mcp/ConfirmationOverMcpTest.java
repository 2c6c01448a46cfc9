package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.cli.BankCli;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.SharedBankTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Money above the threshold over MCP, with the SDK's own client: one that declares elicitation (the human
 * answers a form the model never sees) and one that does not (the movement waits for {@code ./bank approvals}).
 */
class ConfirmationOverMcpTest extends SharedBankTest {
    private static McpHttpServer server;
    private static AccountNumber checking;
    private static AccountNumber savings;
    private static String token;
    private static final List<McpSyncClient> clients = new ArrayList<>();
    private static final List<McpSchema.ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
    private static final AtomicReference<ElicitResult> answer = new AtomicReference<>();

    @BeforeAll
    static void start() {
        long alice = bank.customer();
        checking = bank.checking(alice, "2000.00");
        savings = bank.account(alice).kind(AccountKind.SAVINGS).open();
        token = bank.runtime().tokens().create(Actor.of("teller", "setup"), new Principal.CustomerPrincipal(alice),
                Optional.empty()).token();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterAll
    static void stop() {
        clients.forEach(client -> {
            try {
                client.closeGracefully();
            } catch (RuntimeException e) {
                // already gone
            }
        });
        server.close();
    }

    private static McpSyncClient elicitingClient() {
        McpSyncClient client = McpClient.sync(transport())
                .clientInfo(new McpSchema.Implementation("eliciting-test-client", "1.0"))
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.add(request);
                    return answer.get();
                })
                .requestTimeout(Duration.ofSeconds(30))
                .build();
        client.initialize();
        clients.add(client);
        return client;
    }

    private static McpSyncClient plainClient() {
        McpSyncClient client = Clients.initialised(transport());
        clients.add(client);
        return client;
    }

    private static HttpClientStreamableHttpTransport transport() {
        return HttpClientStreamableHttpTransport.builder(server.baseUri().toString())
                .endpoint(McpHttpServer.MCP_ENDPOINT)
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                .build();
    }

    private static CallToolResult transfer(McpSyncClient client, String amount, String reference, String key) {
        return client.callTool(new McpSchema.CallToolRequest("transfer", Map.of("from_account", checking.value(),
                "to_account", savings.value(), "amount", amount, "reference", reference, "idempotency_key", key)));
    }

    private static String status(CallToolResult result) {
        assertThat(result.isError()).as("tool error: %s", result.content()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
        return (String) structured.get("status");
    }

    private static long transfersOf(String amount) {
        return bank.queryLong("select count(*) from journal_entry where kind = 'TRANSFER' and exists (select 1 from posting p "
                + "where p.entry_id = journal_entry.id and p.amount_minor = " + new BigDecimal(amount).movePointRight(2).longValueExact() + ")");
    }

    @Test
    void declinedElicitationPostsNothingAndSaysSo() {
        McpSyncClient client = elicitingClient();
        answer.set(new ElicitResult(ElicitResult.Action.DECLINE, null));
        int before = asked.size();

        CallToolResult result = transfer(client, "301.00", "new sofa", UUID.randomUUID().toString());

        assertThat(status(result)).isEqualTo("DECLINED");
        assertThat(asked).hasSize(before + 1);
        assertThat(asked.getLast().message()).contains("301.00 EUR", checking.value(), savings.value(), "new sofa", "after");
        assertThat(transfersOf("301.00")).isZero();
    }

    @Test
    void cancelledElicitationPostsNothing() {
        McpSyncClient client = elicitingClient();
        answer.set(new ElicitResult(ElicitResult.Action.CANCEL, null));

        CallToolResult result = transfer(client, "302.00", "cancelled", UUID.randomUUID().toString());

        assertThat(status(result)).isEqualTo("CANCELLED");
        assertThat(transfersOf("302.00")).isZero();
    }

    @Test
    void acceptedWithoutTickingApprovePostsNothing() {
        McpSyncClient client = elicitingClient();
        answer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("approve", false)));

        assertThat(status(transfer(client, "303.00", "unticked", UUID.randomUUID().toString()))).isEqualTo("DECLINED");
        assertThat(transfersOf("303.00")).isZero();
    }

    @Test
    void acceptedElicitationPostsOnceEvenWhenTheCallIsRetriedWithTheSameKey() throws Exception {
        McpSyncClient client = elicitingClient();
        answer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("approve", true)));
        String key = UUID.randomUUID().toString();
        int before = asked.size();

        assertThat(status(transfer(client, "304.00", "holiday", key))).isEqualTo("POSTED");
        assertThat(status(transfer(client, "304.00", "holiday", key))).isEqualTo("ALREADY_POSTED");

        assertThat(asked).as("the retry does not ask again").hasSize(before + 1);
        assertThat(transfersOf("304.00")).isEqualTo(1);
        String details = auditDetailsOfTransferWithKey(key);
        assertThat(details).contains("\"approval_channel\":\"mcp-elicitation (eliciting-test-client 1.0)\"")
                .contains("\"approved_by\":\"customer:").contains("approved_at");
    }

    @Test
    void withoutElicitationItWaitsAndTheCliApprovalPostsExactlyOnce() throws Exception {
        McpSyncClient client = plainClient();
        String key = UUID.randomUUID().toString();

        CallToolResult waiting = transfer(client, "305.00", "rent", key);
        assertThat(status(waiting)).isEqualTo("AWAITING_APPROVAL");
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>) waiting.structuredContent()).get("approval_id");
        assertThat(transfersOf("305.00")).isZero();

        assertThat(cli("approvals", "approve", id).exitCode()).isZero();
        Run again = cli("approvals", "approve", id);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.stderr()).contains("already approved");
        assertThat(transfersOf("305.00")).isEqualTo(1);

        assertThat(status(transfer(client, "305.00", "rent", key))).isEqualTo("ALREADY_POSTED");
        assertThat(transfersOf("305.00")).isEqualTo(1);
        CallToolResult pending = client.callTool(new McpSchema.CallToolRequest("list_pending_operations", Map.of()));
        assertThat(pending.structuredContent().toString()).contains(id).contains("EXECUTED");
    }

    @Test
    void withoutElicitationConsentToACreditCheckWaitsForTheCliAndTheSameSubmitThenGoesThrough() throws Exception {
        McpSyncClient client = plainClient();
        int elicited = asked.size();
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("product", "personal-loan",
                "idempotency_key", UUID.randomUUID().toString(), "amount", "9000", "term_months", 24, "purpose", "kitchen",
                "monthly_net_income", "3500", "monthly_housing_cost", "700", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 50));
        fields.put("disbursement_account", checking.value());
        CallToolResult started = client.callTool(new McpSchema.CallToolRequest("start_loan_application", fields));
        assertThat(started.isError()).as("%s", started.content()).isFalse();
        @SuppressWarnings("unchecked")
        String application = (String) ((Map<String, Object>) started.structuredContent()).get("application_id");
        Map<String, Object> submit = Map.of("application_id", application, "idempotency_key", UUID.randomUUID().toString());

        CallToolResult waiting = client.callTool(new McpSchema.CallToolRequest("submit_loan_application", submit));
        assertThat(waiting.isError()).as("%s", waiting.content()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> waited = (Map<String, Object>) waiting.structuredContent();
        assertThat(waited).containsEntry("status", "draft").containsEntry("consent", "awaiting_approval");
        String id = (String) waited.get("approval_id");
        assertThat(cli("approvals", "list").stdout()).contains(id).contains("credit check consent")
                .contains("Loan application: " + application);

        assertThat(cli("approvals", "approve", id).exitCode()).isZero();
        CallToolResult submitted = client.callTool(new McpSchema.CallToolRequest("submit_loan_application", submit));

        assertThat(submitted.isError()).as("%s", submitted.content()).isFalse();
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) submitted.structuredContent();
        // submitted, and decided at once by underwriting: no longer a draft
        assertThat(result.get("status")).isIn("submitted", "approved", "declined", "referred");
        assertThat(result).containsEntry("consent", "given")
                .containsEntry("consent_channel", "pending-approval " + id + " (cli)");
        assertThat(asked).as("nobody was asked through elicitation").hasSize(elicited);
    }

    @Test
    void aLoanOfferIsAcceptedThroughElicitationWhateverTheAmountAndPaidOutOnce() {
        McpSyncClient client = elicitingClient();
        answer.set(new ElicitResult(ElicitResult.Action.ACCEPT, Map.of("approve", true)));
        long customer = Long.parseLong(bank.queryString("SELECT customer_id::text FROM account WHERE number = '"
                + checking.value() + "'"));
        // 9,000.00 paid in is 3,000.00 a month of verified income; the account is young, so an officer approves
        bank.runtime().sandboxProvider().orElseThrow().setCreditProfile(customer, 760, 0);
        bank.deposit(checking, "9000.00");
        Map<String, Object> fields = new java.util.LinkedHashMap<>(Map.of("product", "personal-loan",
                "idempotency_key", UUID.randomUUID().toString(), "amount", "2000", "term_months", 12, "purpose", "bike",
                "monthly_net_income", "3000", "monthly_housing_cost", "500", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 50));
        fields.put("disbursement_account", checking.value());
        String application = (String) structured(client.callTool(new McpSchema.CallToolRequest("start_loan_application", fields)))
                .get("application_id");
        int before = asked.size();
        assertThat(structured(client.callTool(new McpSchema.CallToolRequest("submit_loan_application",
                Map.of("application_id", application, "idempotency_key", UUID.randomUUID().toString())))))
                .containsEntry("status", "referred");
        assertThat(bank.runtime().toolBox().call(new Principal.Staff(dev.agentbank.identity.Role.OFFICER, "olga"),
                new dev.agentbank.identity.CallContext("test", "officer", "s"), "decide_loan_application",
                Map.of("application_id", application, "decision", "approve", "reason", "Salary confirmed.")).isError()).isFalse();
        BigDecimal balance = bank.balance(checking).amount();
        Map<String, Object> accept = Map.of("application_id", application, "idempotency_key", UUID.randomUUID().toString());

        Map<String, Object> paid = structured(client.callTool(new McpSchema.CallToolRequest("accept_loan_offer", accept)));
        Map<String, Object> again = structured(client.callTool(new McpSchema.CallToolRequest("accept_loan_offer", accept)));

        assertThat(paid).containsEntry("status", "disbursed").containsEntry("confirmation", "given").containsKey("loan_id");
        assertThat(again).containsEntry("confirmation", "given_earlier").containsEntry("loan_id", paid.get("loan_id"));
        assertThat(asked.subList(before, asked.size())).extracting(McpSchema.ElicitFormRequest::message)
                .hasSize(2).last().asString().contains("You borrow: 2000.00 EUR over 12 months", "Arrangement fee: 25.00 EUR");
        assertThat(bank.balance(checking).amount()).isEqualByComparingTo(balance.add(new BigDecimal("1975.00")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        assertThat(result.isError()).as("%s", result.content()).isNotEqualTo(Boolean.TRUE);
        return (Map<String, Object>) result.structuredContent();
    }

    @Test
    void aRejectedRequestNeverPosts() throws Exception {
        McpSyncClient client = plainClient();
        CallToolResult waiting = transfer(client, "306.00", "rejected one", UUID.randomUUID().toString());
        @SuppressWarnings("unchecked")
        String id = (String) ((Map<String, Object>) waiting.structuredContent()).get("approval_id");

        assertThat(cli("approvals", "reject", id).exitCode()).isZero();
        Run approve = cli("approvals", "approve", id);

        assertThat(approve.exitCode()).isEqualTo(1);
        assertThat(approve.stderr()).contains("rejected");
        assertThat(transfersOf("306.00")).isZero();
    }

    private static String auditDetailsOfTransferWithKey(String key) throws java.sql.SQLException {
        try (var connection = bank.connect();
             var select = connection.prepareStatement(
                     "select details from audit_event where action = 'transfer' and details::jsonb->>'idempotency_key' = ?")) {
            select.setString(1, key);
            try (var rows = select.executeQuery()) {
                assertThat(rows.next()).as("audit row of the transfer").isTrue();
                return rows.getString(1);
            }
        }
    }

    record Run(int exitCode, String stdout, String stderr) {}

    /** The real operator CLI in its own process, on the same database, as a human would run it beside the server. */
    private static Run cli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Children.java(), "-cp", System.getProperty("java.class.path"),
                BankCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(Children.environment(bank));
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
