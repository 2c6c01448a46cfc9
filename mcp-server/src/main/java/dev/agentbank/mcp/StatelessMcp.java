package dev.agentbank.mcp;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.text.PlainText;
import dev.agentbank.tools.BankTool;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bank's tools over stateless Streamable HTTP at {@code /mcp/stateless}: every POST is answered with one JSON
 * body, no session and no SSE stream, so any instance can answer any request. Without a session the server cannot
 * ask the client anything, so money above the confirmation threshold waits for {@code ./bank approvals}, as for any
 * client that cannot elicit; clients that declare elicitation use {@code /mcp}.
 */
final class StatelessMcp {
    static final String ENDPOINT = "/mcp/stateless";
    static final String TRANSPORT = "mcp-http-stateless";
    private static final Logger log = LoggerFactory.getLogger(StatelessMcp.class);

    private StatelessMcp() {}

    static HttpServletStatelessServerTransport transport(McpTransportContextExtractor<HttpServletRequest> requestContext) {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(BankMcpServer.jsonMapper())
                .messageEndpoint(ENDPOINT)
                .contextExtractor(requestContext)
                .build();
    }

    static McpStatelessSyncServer build(HttpServletStatelessServerTransport transport, ToolBox toolBox, PrincipalResolver principals,
                                        InFlight inFlight) {
        Map<String, BankTool> byName = toolBox.all().stream().collect(Collectors.toMap(BankTool::name, tool -> tool));
        return McpServer.sync(transport)
                .serverInfo(BankMcpServer.NAME, BankMcpServer.VERSION)
                .instructions(BankMcpServer.INSTRUCTIONS)
                .jsonMapper(BankMcpServer.jsonMapper())
                .validateToolInputs(false) // the ToolBox checks the same schema
                .immediateExecution(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .addToolFilter((context, tool) -> principals.resolve(context)
                        .map(principal -> byName.get(tool.name()).visibleTo(principal))
                        .orElse(false))
                .tools(toolBox.all().stream().map(tool -> specification(tool, toolBox, principals, inFlight)).toList())
                .build();
    }

    private static McpStatelessServerFeatures.SyncToolSpecification specification(BankTool tool, ToolBox toolBox,
                                                                                  PrincipalResolver principals, InFlight inFlight) {
        return McpStatelessServerFeatures.SyncToolSpecification.builder()
                .tool(BankMcpServer.mcpTool(tool))
                .callHandler((context, request) -> {
                    inFlight.enter();
                    long started = System.nanoTime();
                    CallToolResult result = null;
                    try {
                        result = call(tool, toolBox, principals, context, request.arguments() == null ? Map.of() : request.arguments());
                        return result;
                    } finally {
                        inFlight.exit(tool.name(), BankMcpServer.outcome(result), Duration.ofNanos(System.nanoTime() - started));
                    }
                })
                .build();
    }

    private static CallToolResult call(BankTool tool, ToolBox toolBox, PrincipalResolver principals, McpTransportContext transport,
                                       Map<String, Object> arguments) {
        try {
            Optional<Principal> principal = principals.resolve(transport);
            if (principal.isEmpty()) {
                return BankMcpServer.error(BankMcpServer.NOT_SIGNED_IN);
            }
            Object agent = transport.get(USER_AGENT);
            String client = PlainText.clip(agent == null ? "unknown" : agent.toString(), 120);
            return BankMcpServer.result(toolBox.call(principal.get(), new CallContext(TRANSPORT, client, "none"), tool.name(), arguments));
        } catch (RuntimeException e) {
            log.warn("tool {} failed outside the tool box: {}", tool.name(), e.toString());
            return BankMcpServer.error(ToolBox.failureText(e));
        }
    }

    /** The transport-context key of the request's User-Agent: a stateless request names no client otherwise. */
    static final String USER_AGENT = "agentbank.user-agent";
}
