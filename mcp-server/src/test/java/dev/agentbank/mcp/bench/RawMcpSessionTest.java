package dev.agentbank.mcp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.mcp.McpHttpServer;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A session opened by hand, as the bench hands it to wrk, against a real McpHttpServer and ledger. */
class RawMcpSessionTest {
    private static TestBank bank;
    private static McpHttpServer server;
    private static String token;
    private static AccountNumber from;
    private static AccountNumber to;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        long customer = bank.customer();
        from = bank.checking(customer, "100.00");
        to = bank.checking(customer, "0.00");
        token = bank.runtime().tokens().create(Actor.of("teller", "bench-test"), new Principal.CustomerPrincipal(customer),
                Optional.empty()).token();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static URI endpoint() {
        return server.baseUri().resolve(McpHttpServer.MCP_ENDPOINT);
    }

    @Test
    void opensASessionWhoseHeadersCarryAToolCallThroughToTheLedger() throws Exception {
        RawMcpSession session = RawMcpSession.open(endpoint(), token);
        assertThat(session.headers()).containsEntry("Authorization", "Bearer " + token)
                .containsKeys("Mcp-Session-Id", "MCP-Protocol-Version", "Accept", "Content-Type");
        JsonNode moved = session.callTool("transfer", Map.of("from_account", from.value(), "to_account", to.value(),
                "amount", "12.34", "idempotency_key", "raw-session-1"));
        assertThat(moved.path("isError").asBoolean(false)).isFalse();
        assertThat(bank.balance(to).amount()).isEqualByComparingTo("12.34");
        JsonNode balance = session.callTool("get_balance", Map.of("account_number", to.value()));
        assertThat(balance.toString()).contains("12.34");
    }

    @Test
    void aToolErrorIsAnErrorNotAResult() throws Exception {
        RawMcpSession session = RawMcpSession.open(endpoint(), token);
        assertThatThrownBy(() -> session.callTool("get_balance", Map.of("account_number", "NO-SUCH-ACCOUNT")))
                .isInstanceOf(IOException.class).hasMessageContaining("get_balance answered a tool error");
    }

    @Test
    void aBadTokenOpensNoSession() {
        assertThatThrownBy(() -> RawMcpSession.open(endpoint(), "abk_" + "A".repeat(43)))
                .isInstanceOf(IOException.class).hasMessageContaining("initialize answered HTTP 401");
    }
}
