package dev.agentbank.chat;

/** Sees each tool call of the assistant: the terminal shows them, tests record them. */
public interface ToolListener {
    ToolListener NONE = new ToolListener() {};

    /** Called before the bank runs the tool (and before any confirmation prompt it leads to). */
    default void starting(String name) {}

    default void finished(ToolRun run) {}
}
