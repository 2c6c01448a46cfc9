package dev.agentbank.tools;

import java.util.function.Function;

/**
 * The tools one bounded context contributes: a class of {@code @Tool} methods and how to make it for one call.
 * The factory closes over the application services the tools use, so a reader sees them in its constructor.
 */
public record ToolModule(Class<?> type, Function<ToolScope, Object> factory) {
    public static <T> ToolModule of(Class<T> type, Function<ToolScope, T> factory) {
        return new ToolModule(type, factory::apply);
    }
}
