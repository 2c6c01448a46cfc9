package dev.agentbank.chat;

import java.util.List;

/** What one user turn produced. */
public sealed interface Reply {
    /** Tool calls of the turn, in order; they may have run even when the turn failed later. */
    List<ToolRun> tools();

    record Answer(String text, List<ToolRun> tools) implements Reply {}

    /** The model endpoint failed; {@code message} is one line for the user. The conversation is kept. */
    record ModelFailed(String message, List<ToolRun> tools) implements Reply {}
}
