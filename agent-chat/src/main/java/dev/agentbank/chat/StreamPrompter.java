package dev.agentbank.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Confirmation prompts for {@code --once}: shown on stderr, answered on stdin, so stdout carries only the answer.
 * End of input counts as "not confirmed".
 */
final class StreamPrompter implements Prompter {
    private final BufferedReader in;
    private final PrintStream err;

    StreamPrompter(BufferedReader in, PrintStream err) {
        this.in = in;
        this.err = err;
    }

    @Override
    public void show(String text) {
        err.println(text);
        err.flush();
    }

    @Override
    public Optional<String> readLine(String prompt) {
        err.print(prompt);
        err.flush();
        try {
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
