package dev.agentbank.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.tools.BankTool;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolBox;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolResult;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the bank's MCP server on any transport from the one {@link ToolBox}: every bank tool becomes an MCP
 * tool, plus the monthly statement resource template and the prompts. One server per transport; they all
 * share the same tool definitions, checks and audit.
 */
public final class BankMcpServer {
    private static final Logger log = LoggerFactory.getLogger(BankMcpServer.class);
    public static final String NAME = "agentbank";
    public static final String VERSION = "0.1.0";
    static final String NOT_SIGNED_IN = "This request carries no signed-in principal, so no bank tool can run. "
            + "Reconnect with a valid bank token.";
    static final String INSTRUCTIONS = """
            Banking tools acting for one signed-in principal (a customer, a teller or an analyst); you only see \
            the tools that principal may use. Amounts are decimal strings such as "250.00". Every money-moving \
            tool needs an idempotency_key: make a fresh one per intended operation and reuse it only to retry \
            that same operation. Restate amounts and accounts to the user before moving money, and answer only \
            from tool results. Monthly statements are resources: bank://accounts/{account_number}/statements/{month}; so are loan applications,
            bank://loan-applications/{application_id}, and loan schedules, bank://loans/{loan_id}/schedule. Analysts \
            can read and subscribe to bank://alerts/open, the fraud alerts not closed yet.""";

    private BankMcpServer() {}

    /** The JSON mapper for the wire: plain Jackson 2, shared with LangChain4j. */
    public static McpJsonMapper jsonMapper() {
        // The SDK writes some refusals (a bad Accept header, an unparsable message) as the McpError itself: without
        // this, its Java stack trace would reach the client.
        return new JacksonMcpJsonMapper(new ObjectMapper().addMixIn(Throwable.class, ThrowableAsMessage.class));
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"stackTrace", "cause", "suppressed", "localizedMessage"})
    private abstract static class ThrowableAsMessage {}

    /**
     * @param spec       {@code McpServer.sync(transportProvider)} for the transport to serve
     * @param transport  the transport's name in the audit log, e.g. {@code mcp-stdio}
     * @param principals who is behind a request: fixed for stdio, per request for HTTP
     */
    public static McpSyncServer build(McpServer.SyncSpecification<?> spec, BankRuntime runtime, ToolBox toolBox,
                                      String transport, PrincipalResolver principals) {
        return build(spec, runtime, toolBox, transport, principals, new InFlight());
    }

    /** As above, counting running tool calls in {@code inFlight}. */
    public static McpSyncServer build(McpServer.SyncSpecification<?> spec, BankRuntime runtime, ToolBox toolBox,
                                      String transport, PrincipalResolver principals, InFlight inFlight) {
        return build(spec, runtime, toolBox, transport, principals, inFlight, runtime::alertDesk);
    }

    /**
     * As above, with the alert desk behind {@code bank://alerts/open}; asked for only when the tool box has the fraud
     * tools, and then listened to for the subscribers' notifications.
     */
    public static McpSyncServer build(McpServer.SyncSpecification<?> spec, BankRuntime runtime, ToolBox toolBox,
                                      String transport, PrincipalResolver principals, InFlight inFlight, Supplier<AlertDesk> alerts) {
        Map<String, BankTool> byName = toolBox.all().stream().collect(Collectors.toMap(BankTool::name, tool -> tool));
        Optional<AlertDesk> desk = AlertResources.offered(toolBox) ? Optional.of(alerts.get()) : Optional.empty();
        spec.serverInfo(NAME, VERSION)
                .instructions(INSTRUCTIONS)
                .jsonMapper(jsonMapper())
                // The ToolBox checks every call's arguments against the same schema (ArgumentCheck): once is enough.
                .validateToolInputs(false)
                // Sync tools run on the request's own thread rather than hopping to Reactor's bounded-elastic pool.
                .immediateExecution(true)
                // subscribe: the SDK keeps each session's subscriptions; only bank://alerts/open is ever updated
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(desk.isPresent(), false).prompts(false)
                        .build())
                // tools/list per request: only the tools the request's principal may use. Calls are refused by
                // the ToolBox anyway, so the filter hides; it does not guard.
                .addToolFilter((context, tool) -> principals.resolve(context)
                        .map(principal -> byName.get(tool.name()).visibleTo(principal))
                        .orElse(false))
                .tools(toolBox.all().stream().map(tool -> specification(tool, toolBox, transport, principals, inFlight)).toList())
                .resourceTemplates(resourceTemplates(runtime, toolBox, transport, principals))
                .prompts(Prompts.specifications());
        desk.ifPresent(present -> spec.resources(AlertResources.specification(present, toolBox, transport, principals)));
        McpSyncServer server = spec.build();
        // Lives as long as the desk: a closed server has no sessions left, so a late change notifies nobody.
        desk.ifPresent(present -> AlertResources.notifySubscribers(present, server));
        return server;
    }

    private static List<SyncResourceTemplateSpecification> resourceTemplates(BankRuntime runtime, ToolBox toolBox, String transport,
                                                                              PrincipalResolver principals) {
        List<SyncResourceTemplateSpecification> templates = new ArrayList<>();
        templates.add(Statements.specification(runtime, toolBox, transport, principals));
        templates.addAll(ToolResources.specifications(toolBox, transport, principals));
        return templates;
    }

    static SyncToolSpecification specification(BankTool tool, ToolBox toolBox, String transport, PrincipalResolver principals,
                                               InFlight inFlight) {
        return SyncToolSpecification.builder()
                .tool(mcpTool(tool))
                .callHandler((exchange, request) -> {
                    inFlight.enter();
                    long started = System.nanoTime();
                    CallToolResult result = null;
                    try {
                        result = call(tool, toolBox, transport, principals, exchange,
                                request.arguments() == null ? Map.of() : request.arguments());
                        return result;
                    } finally {
                        inFlight.exit(tool.name(), outcome(result), Duration.ofNanos(System.nanoTime() - started));
                    }
                })
                .build();
    }

    /** A rejection the ToolBox wrote for the model is a refusal; its system-failure answer, or none at all, an error. */
    static InFlight.Outcome outcome(CallToolResult result) {
        if (result == null) {
            return InFlight.Outcome.ERROR;
        }
        if (!Boolean.TRUE.equals(result.isError())) {
            return InFlight.Outcome.OK;
        }
        boolean failed = result.content() != null && result.content().stream()
                .anyMatch(content -> content instanceof McpSchema.TextContent text && ToolBox.isFailure(text.text()));
        return failed ? InFlight.Outcome.ERROR : InFlight.Outcome.REFUSED;
    }

    /** The MCP face of a bank tool: title, description, schemas and annotations that say what it does. */
    static McpSchema.Tool mcpTool(BankTool tool) {
        ToolPolicy policy = tool.policy();
        Effect effect = policy.effect();
        McpSchema.ToolAnnotations annotations = McpSchema.ToolAnnotations.builder()
                .title(policy.title())
                .readOnlyHint(effect == Effect.READ)
                .destructiveHint(effect == Effect.MOVES_MONEY)
                // Reads repeat freely; a write repeats safely only when an idempotency key guards it.
                .idempotentHint(effect == Effect.READ || tool.takesIdempotencyKey())
                .openWorldHint(policy.openWorld())
                .build();
        return McpSchema.Tool.builder(tool.name(), tool.inputSchema())
                .title(policy.title())
                .description(tool.specification().description())
                .outputSchema(tool.outputSchema())
                .annotations(annotations)
                .build();
    }

    /**
     * Runs one call through the ToolBox, which checks scope and arguments and audits the call. A refusal is an
     * {@code isError} result with the ToolBox's model-facing message; this never throws, so nothing reaches the
     * client as a JSON-RPC error.
     */
    private static CallToolResult call(BankTool tool, ToolBox toolBox, String transport, PrincipalResolver principals,
                                       McpSyncServerExchange exchange, Map<String, Object> arguments) {
        try {
            Optional<Principal> principal = principals.resolve(exchange.transportContext());
            if (principal.isEmpty()) {
                return error(NOT_SIGNED_IN);
            }
            CallContext context = McpCalls.context(exchange, transport, principal.get());
            return result(toolBox.call(principal.get(), context, tool.name(), arguments));
        } catch (RuntimeException e) {
            log.warn("tool {} failed outside the tool box: {}", tool.name(), e.toString());
            log.debug("tool failure", e);
            return error(ToolBox.failureText(e));
        }
    }

    static CallToolResult result(ToolResult result) {
        if (result.isError()) {
            return error(result.text());
        }
        return CallToolResult.builder()
                .structuredContent(result.structured())
                .addTextContent(result.text())
                .isError(false)
                .build();
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
