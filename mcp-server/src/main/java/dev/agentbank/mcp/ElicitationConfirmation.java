package dev.agentbank.mcp;

import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the human at the MCP client through an elicitation form. The form goes to the client's user interface,
 * not to the model, so the model cannot answer it. Clients that did not declare form elicitation get
 * {@link HumanConfirmation#UNAVAILABLE}, and the movement waits for {@code ./bank approvals}.
 */
final class ElicitationConfirmation implements HumanConfirmation {
    private static final Logger log = LoggerFactory.getLogger(ElicitationConfirmation.class);
    static final String CHANNEL = "mcp-elicitation";

    private final McpSyncServerExchange exchange;
    private final Principal principal;
    private final String client;

    private ElicitationConfirmation(McpSyncServerExchange exchange, Principal principal, String client) {
        this.exchange = exchange;
        this.principal = principal;
        this.client = client;
    }

    static HumanConfirmation of(McpSyncServerExchange exchange, Principal principal, String client) {
        McpSchema.ClientCapabilities capabilities = exchange.getClientCapabilities();
        McpSchema.ClientCapabilities.Elicitation elicitation = capabilities == null ? null : capabilities.elicitation();
        // An empty elicitation capability means form mode; a URL-only client cannot show our form.
        boolean formSupported = elicitation != null && (elicitation.form() != null || elicitation.url() == null);
        return formSupported ? new ElicitationConfirmation(exchange, principal, client) : HumanConfirmation.UNAVAILABLE;
    }

    @Override
    public Answer ask(ConfirmationRequest proposal) {
        String what = proposal.subject();
        String message = "Your AI assistant asks to make this " + what + ". Approve it only if you asked for exactly this.\n\n"
                + proposal.describe();
        Map<String, Object> form = Map.of(
                "type", "object",
                "properties", Map.of("approve", Map.of(
                        "type", "boolean",
                        "title", "Approve this " + what + "?",
                        "description", "Tick to approve; leave unticked to refuse.",
                        "default", false)),
                "required", java.util.List.of("approve"));
        McpSchema.ElicitResult result;
        try {
            result = exchange.createElicitation(McpSchema.ElicitFormRequest.builder(message, form).build());
        } catch (RuntimeException e) {
            log.warn("could not ask the client to confirm a {}: {}", what, e.toString());
            return new Answer.Cancelled(CHANNEL);
        }
        String channel = CHANNEL + " (" + client + ")";
        return switch (result.action()) {
            case ACCEPT -> result.content() != null && Boolean.TRUE.equals(result.content().get("approve"))
                    ? new Answer.Approved(principal.actor().id(), channel)
                    : new Answer.Declined(channel);
            case DECLINE -> new Answer.Declined(channel);
            case CANCEL -> new Answer.Cancelled(channel);
        };
    }
}
