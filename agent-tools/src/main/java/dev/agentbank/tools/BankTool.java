package dev.agentbank.tools;

import dev.agentbank.identity.Principal;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.function.Function;

/**
 * One tool as every front end sees it: the LangChain4j specification (name, description, parameters), the
 * policy, and JSON Schemas for input and output. Built once from the {@code @Tool} method.
 */
public record BankTool(ToolSpecification specification, ToolPolicy policy, Map<String, Object> inputSchema,
                       Map<String, Object> outputSchema, Method method, Function<ToolScope, Object> factory) {

    public String name() {
        return specification.name();
    }

    /** Whether a call carries an idempotency key, which makes repeating it safe. */
    public boolean takesIdempotencyKey() {
        return inputSchema.get("properties") instanceof Map<?, ?> properties && properties.containsKey("idempotency_key");
    }

    public boolean visibleTo(Principal principal) {
        return principal.may(policy.requires());
    }
}
