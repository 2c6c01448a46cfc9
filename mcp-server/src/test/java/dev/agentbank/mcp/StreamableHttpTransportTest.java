package dev.agentbank.mcp;

import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;

/** The suite over Streamable HTTP at /mcp, through the bearer gate. */
class StreamableHttpTransportTest extends McpTransportSuite {
    private McpHttpServer server;

    @Override
    protected void startServer(TestBank bank) {
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @Override
    protected McpSyncClient connect(String token) {
        return Clients.streamable(server.baseUri(), token);
    }

    @Override
    protected String transportName() {
        return "mcp-http";
    }

    @Override
    protected void stopServer() {
        server.close();
    }
}
