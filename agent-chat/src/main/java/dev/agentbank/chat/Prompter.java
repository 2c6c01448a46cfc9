package dev.agentbank.chat;

import java.util.Optional;

/** The human's side of the terminal, as the confirmation prompt needs it. Tests script it. */
public interface Prompter {
    void show(String text);

    /** The line the human typed, or empty when they ended input or interrupted (Ctrl-D, Ctrl-C). */
    Optional<String> readLine(String prompt);
}
