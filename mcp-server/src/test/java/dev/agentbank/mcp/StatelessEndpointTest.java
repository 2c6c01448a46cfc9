package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /mcp/stateless: one JSON answer per POST, no session, the same tools, checks and audit; money above the threshold
 * waits for a human at ./bank approvals, since nobody can be asked without a session.
 */
class StatelessEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Actor TELLER = Actor.of("teller", "stateless");
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static TestBank bank;
    private static McpHttpServer server;
    private static String customerToken;
    private static AccountNumber checking;
    private static AccountNumber savings;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        long customer = bank.customer();
        checking = bank.checking(customer, "1000.00");
        savings = bank.checking(customer, "0.00");
        customerToken = bank.runtime().tokens().create(TELLER, new Principal.CustomerPrincipal(customer), Optional.empty()).token();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static HttpResponse<String> post(String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(StatelessMcp.ENDPOINT))
                .timeout(Duration.ofSeconds(20))
                .header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        HttpResponse<String> response = post(customerToken, JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 7,
                "method", "tools/call", "params", Map.of("name", tool, "arguments", arguments))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        return JSON.readTree(response.body()).path("result");
    }

    @Test
    void aToolCallNeedsNoSessionAndIsAnsweredAsOneJsonBody() throws Exception {
        JsonNode result = call("get_balance", Map.of("account_number", checking.value()));
        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(new BigDecimal(result.path("structuredContent").path("balance").asText())).isGreaterThanOrEqualTo(new BigDecimal("0"));
    }

    @Test
    void toolsListShowsOnlyThePrincipalsTools() throws Exception {
        HttpResponse<String> response = post(customerToken, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(response.body()).path("result").path("tools").forEach(tool -> names.add(tool.path("name").asText()));
        Principal customer = bank.runtime().tokens().authenticate(customerToken).orElseThrow();
        assertThat(names).containsExactlyInAnyOrderElementsOf(
                bank.runtime().toolBox().visibleTo(customer).stream().map(dev.agentbank.tools.BankTool::name).toList());
        assertThat(names).contains("get_balance", "transfer").doesNotContain("list_alerts");
    }

    @Test
    void aTransferUnderTheThresholdPostsOnceUnderItsKey() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> transfer = Map.of("from_account", checking.value(), "to_account", savings.value(), "amount", "12.00",
                "idempotency_key", key);
        assertThat(call("transfer", transfer).path("isError").asBoolean()).isFalse();
        assertThat(call("transfer", transfer).path("isError").asBoolean()).as("the retry").isFalse();
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key = '" + key + "'")).isEqualTo(1);
    }

    @Test
    void aTransferAboveTheThresholdWaitsForAHumanAtTheCommandLine() throws Exception {
        String key = UUID.randomUUID().toString();
        JsonNode result = call("transfer", Map.of("from_account", checking.value(), "to_account", savings.value(), "amount", "150.00",
                "idempotency_key", key));
        assertThat(result.toString()).contains("AWAITING_APPROVAL");
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key = '" + key + "'")).isZero();
    }

    @Test
    void noTokenNoAnswer() throws Exception {
        assertThat(post(null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").statusCode()).isEqualTo(401);
    }

    @Test
    void theSdkClientWorksAgainstIt() {
        McpSyncClient client = Clients.initialised(HttpClientStreamableHttpTransport.builder(server.baseUri().toString())
                .endpoint(StatelessMcp.ENDPOINT)
                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + customerToken))
                .build());
        try {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("get_balance",
                    Map.of("account_number", checking.value())));
            assertThat(result.isError()).isFalse();
        } finally {
            client.closeGracefully();
        }
    }
}
