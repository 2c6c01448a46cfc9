package dev.agentbank.mcp;

import dev.agentbank.identity.Principal;
import io.modelcontextprotocol.common.McpTransportContext;
import java.util.Optional;

/**
 * Who is behind a request. Over stdio that is fixed for the process; over HTTP each request carries its own
 * principal, put into the transport context by {@link HttpGate} through the transport's context extractor.
 */
@FunctionalInterface
public interface PrincipalResolver {
    /** The transport-context key under which HTTP requests carry their authenticated principal. */
    String CONTEXT_KEY = "agentbank.principal";

    Optional<Principal> resolve(McpTransportContext context);

    static PrincipalResolver fixed(Principal principal) {
        Optional<Principal> always = Optional.of(principal);
        return context -> always;
    }

    static PrincipalResolver fromTransportContext() {
        return context -> context != null && context.get(CONTEXT_KEY) instanceof Principal principal
                ? Optional.of(principal) : Optional.empty();
    }
}
