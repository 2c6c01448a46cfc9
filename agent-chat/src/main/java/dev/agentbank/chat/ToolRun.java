package dev.agentbank.chat;

/**
 * One tool call the model made in a turn, as the bank answered it.
 *
 * @param arguments the arguments exactly as the model sent them (JSON text, possibly malformed)
 * @param text      what went back to the model: the result as JSON, or the error message written for it
 */
public record ToolRun(String name, String arguments, boolean isError, String text) {}
