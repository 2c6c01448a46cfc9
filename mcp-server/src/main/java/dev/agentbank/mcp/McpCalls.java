package dev.agentbank.mcp;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.text.PlainText;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;

/** The one place where an MCP request becomes the {@link CallContext} a tool call runs (and is audited) with. */
public final class McpCalls {
    private McpCalls() {}

    /**
     * Money movements above the threshold are confirmed through the client's elicitation form when it has one.
     *
     * @param transport e.g. {@code mcp-stdio}, {@code mcp-http}, {@code mcp-sse}
     */
    public static CallContext context(McpSyncServerExchange exchange, String transport, Principal principal) {
        McpSchema.Implementation info = exchange.getClientInfo();
        // The client names itself: the same cleaned text goes to the audit log and into who-approved records.
        String client = PlainText.clip(info == null ? "unknown"
                : (info.name() == null ? "unknown" : info.name()) + (info.version() == null ? "" : " " + info.version()), 120);
        return new CallContext(transport, client, exchange.sessionId(), ElicitationConfirmation.of(exchange, principal, client));
    }
}
