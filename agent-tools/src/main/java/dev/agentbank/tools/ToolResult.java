package dev.agentbank.tools;

import java.util.Map;

/**
 * The answer to one tool call. {@code structured} is the tool's output as JSON-ready maps (absent on
 * errors); {@code text} is the same as JSON, or the error message written for the model.
 */
public record ToolResult(boolean isError, String text, Map<String, Object> structured) {
    public static ToolResult error(String message) {
        return new ToolResult(true, message, null);
    }
}
