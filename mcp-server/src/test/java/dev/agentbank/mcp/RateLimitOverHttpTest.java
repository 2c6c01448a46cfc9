package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rate limits per principal on a real server: a tool error with a retry hint for tool calls, 429 for an HTTP flood. */
class RateLimitOverHttpTest {
    private static final Actor TELLER = Actor.of("teller", "limits");
    private static TestBank bank;
    private static McpHttpServer server;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        bank = TestBank.create(Clock.systemUTC(), Map.of("BANK_RATE_MONEY_PER_MINUTE", "1", "BANK_RATE_TOOLS_PER_MINUTE", "1000",
                "BANK_RATE_HTTP_PER_SECOND", "1", "BANK_RATE_HTTP_BURST", "20"));
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static String token(long customer) {
        return bank.runtime().tokens().create(TELLER, new Principal.CustomerPrincipal(customer), Optional.empty()).token();
    }

    @Test
    void aMoneyMoveOverTheLimitIsAToolErrorThatSaysWhenToRetryAndMovesNothing() {
        long ann = bank.customer();
        AccountNumber from = bank.checking(ann, "90.00");
        AccountNumber to = bank.checking(ann, "0.00");
        McpSyncClient client = Clients.streamable(server.baseUri(), token(ann));
        try {
            assertThat(transfer(client, from, to).isError()).isFalse();
            long refusalsBefore = refusedTransfers();

            CallToolResult refused = transfer(client, from, to);

            assertThat(refused.isError()).isTrue();
            assertThat(((TextContent) refused.content().get(0)).text())
                    .startsWith("Too many requests: you may make at most 1 money-moving tool call a minute. Nothing was done; try again in ")
                    .matches(".*try again in (59|60) seconds\\.");
            assertThat(bank.balance(from).amount()).isEqualByComparingTo("80.00");
            assertThat(bank.balance(to).amount()).isEqualByComparingTo("10.00");
            assertThat(refusedTransfers()).isEqualTo(refusalsBefore + 1);
            CallToolResult read = client.callTool(new McpSchema.CallToolRequest("get_balance", Map.of("account_number", from.value())));
            assertThat(read.isError()).as("reads are under the looser limit").isFalse();
        } finally {
            client.closeGracefully();
        }
    }

    @Test
    void aFloodOfRequestsGets429WithRetryAfterAndOtherPrincipalsGoOn() throws Exception {
        String flooder = token(bank.customer());
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(initialize(flooder));
        }

        List<HttpResponse<String>> throttled = answers.stream().filter(answer -> answer.statusCode() == 429).toList();
        assertThat(throttled).hasSizeGreaterThanOrEqualTo(30 - 20 - 2); // a burst of 20, plus what refilled meanwhile
        assertThat(answers.subList(0, 20)).allMatch(answer -> answer.statusCode() == 200);
        assertThat(throttled.get(0).headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 2));
        assertThat(throttled.get(0).body()).startsWith("{\"error\":\"Too many requests").doesNotContain("Exception");
        assertThat(initialize(token(bank.customer())).statusCode()).as("another principal").isEqualTo(200);
    }

    private static HttpResponse<String> initialize(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(server.baseUri().resolve("/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
                        "clientInfo":{"name":"flood","version":"1"}}}""")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CallToolResult transfer(McpSyncClient client, AccountNumber from, AccountNumber to) {
        return client.callTool(new McpSchema.CallToolRequest("transfer", Map.of("from_account", from.value(), "to_account", to.value(),
                "amount", "10.00", "idempotency_key", UUID.randomUUID().toString())));
    }

    private static long refusedTransfers() {
        return bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'tool_call' AND outcome = 'refused' "
                + "AND subject = 'tool:transfer' AND details::text LIKE '%Too many requests%'");
    }
}
