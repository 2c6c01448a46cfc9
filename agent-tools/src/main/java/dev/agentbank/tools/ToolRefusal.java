package dev.agentbank.tools;

/**
 * A request the bank will not carry out, with a message written for the model that asked. Thrown only
 * from tool methods, where LangChain4j and MCP both turn it into an error result rather than a crash.
 */
public final class ToolRefusal extends RuntimeException {
    public ToolRefusal(String message) {
        super(message, null, false, false);
    }
}
