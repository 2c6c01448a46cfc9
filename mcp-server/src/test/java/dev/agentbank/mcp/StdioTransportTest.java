package dev.agentbank.mcp;

import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import java.util.List;
import java.util.Map;

/** The suite over stdio: each client launches {@code McpMain} as a child process with its own BANK_TOKEN. */
class StdioTransportTest extends McpTransportSuite {
    private Map<String, String> environment;

    @Override
    protected void startServer(TestBank bank) {
        environment = Children.environment(bank);
    }

    @Override
    protected McpSyncClient connect(String token) {
        List<String> command = Children.mcpMainCommand();
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("BANK_TOKEN", token);
        ServerParameters parameters = ServerParameters.builder(command.get(0)).args(command.subList(1, command.size()))
                .env(env).build();
        StdioClientTransport transport = new StdioClientTransport(parameters, BankMcpServer.jsonMapper());
        transport.setStdErrorHandler(line -> System.err.println("[mcp child] " + line));
        return Clients.initialised(transport);
    }

    @Override
    protected String transportName() {
        return "mcp-stdio";
    }

    @Override
    protected void stopServer() {
        // each child exits when its client closes stdin
    }
}
