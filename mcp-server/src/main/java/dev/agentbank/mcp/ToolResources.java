package dev.agentbank.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.identity.Principal;
import dev.agentbank.tools.ToolBox;
import dev.agentbank.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resources that are the answer of a read tool, such as {@code bank://loan-applications/{application_id}}: reading one
 * calls the tool through the {@link ToolBox} as the same principal, so a resource shows exactly what the tool would,
 * with the same ownership checks and the same audit row, and cannot drift from it.
 *
 * @param pattern  the concrete URIs; group 1 is the tool's one argument
 * @param view     what of the tool's structured answer the resource shows
 */
record ToolResources(String uriTemplate, Pattern pattern, String name, String title, String description, String tool,
                     String argument, String example, UnaryOperator<Map<String, Object>> view) {

    static final ToolResources LOAN_APPLICATION = new ToolResources("bank://loan-applications/{application_id}",
            Pattern.compile("bank://loan-applications/([^/]{1,64})"), "loan_application", "Loan application",
            "One loan application as get_loan_application shows it: its state, the fields saved, what is missing, the"
                    + " decision and offer once made, and the next step. e.g. bank://loan-applications/LA-7K3M9QX2B4TD.",
            "get_loan_application", "application_id", "bank://loan-applications/LA-7K3M9QX2B4TD", UnaryOperator.identity());

    static final ToolResources LOAN_SCHEDULE = new ToolResources("bank://loans/{loan_id}/schedule",
            Pattern.compile("bank://loans/([^/]{1,64})/schedule"), "loan_schedule", "Loan repayment schedule",
            "One loan's repayment schedule as get_loan shows it: every installment with its due date, principal and"
                    + " interest parts and whether it is paid, due or overdue. e.g. bank://loans/LN-7K3M9QX2B4TD/schedule.",
            "get_loan", "loan_id", "bank://loans/LN-7K3M9QX2B4TD/schedule", ToolResources::scheduleOnly);

    private static final List<ToolResources> ALL = List.of(LOAN_APPLICATION, LOAN_SCHEDULE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The resources whose tool this tool box has. */
    static List<SyncResourceTemplateSpecification> specifications(ToolBox toolBox, String transport, PrincipalResolver principals) {
        return ALL.stream()
                .filter(resource -> toolBox.all().stream().anyMatch(tool -> tool.name().equals(resource.tool())))
                .map(resource -> resource.specification(toolBox, transport, principals))
                .toList();
    }

    SyncResourceTemplateSpecification specification(ToolBox toolBox, String transport, PrincipalResolver principals) {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
                .uriTemplate(uriTemplate).name(name).title(title).description(description).mimeType("application/json").build();
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> read(toolBox, transport, principals, exchange, request.uri()));
    }

    private McpSchema.ReadResourceResult read(ToolBox toolBox, String transport, PrincipalResolver principals,
                                              McpSyncServerExchange exchange, String uri) {
        Principal principal = principals.resolve(exchange.transportContext())
                .orElseThrow(() -> error(McpSchema.ErrorCodes.INVALID_REQUEST, BankMcpServer.NOT_SIGNED_IN, uri));
        Matcher matcher = pattern.matcher(uri == null ? "" : uri);
        if (!matcher.matches()) {
            throw error(McpSchema.ErrorCodes.INVALID_PARAMS, "A " + title.toLowerCase(Locale.ROOT)
                    + " address looks like " + example + ".", uri);
        }
        ToolResult result = toolBox.call(principal, McpCalls.context(exchange, transport, principal), tool,
                Map.of(argument, matcher.group(1)));
        if (result.isError()) {
            // a refusal reads like a missing resource; the bank failing is not the resource's absence
            int code = ToolBox.isFailure(result.text()) ? McpSchema.ErrorCodes.INTERNAL_ERROR
                    : McpSchema.ErrorCodes.RESOURCE_NOT_FOUND;
            throw error(code, result.text(), uri);
        }
        String text;
        try {
            text = JSON.writeValueAsString(view.apply(result.structured()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + " could not be written as JSON", e);
        }
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json", text)));
    }

    /** The schedule and what identifies it; the rest of get_loan's answer changes daily and belongs to the tool. */
    private static Map<String, Object> scheduleOnly(Map<String, Object> loan) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String key : List.of("loan_id", "application_id", "status", "currency", "principal", "as_of", "schedule")) {
            if (loan.containsKey(key)) {
                shown.put(key, loan.get(key));
            }
        }
        return shown;
    }

    private static McpError error(int code, String message, String uri) {
        return McpError.builder(code).message(message).data(Map.of("uri", String.valueOf(uri))).build();
    }
}
