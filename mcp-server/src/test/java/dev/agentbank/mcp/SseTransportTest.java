package dev.agentbank.mcp;

import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;

/** The suite over legacy SSE at /sse, through the bearer gate. */
class SseTransportTest extends McpTransportSuite {
    private McpHttpServer server;

    @Override
    protected void startServer(TestBank bank) {
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @Override
    protected McpSyncClient connect(String token) {
        return Clients.sse(server.baseUri(), token);
    }

    @Override
    protected String transportName() {
        return "mcp-sse";
    }

    @Override
    protected void stopServer() {
        server.close();
    }
}
