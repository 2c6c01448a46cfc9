package dev.agentbank.chat;

import java.io.PrintWriter;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/** Confirmation prompts on the JLine terminal, kept out of the chat's input history. */
final class JLinePrompter implements Prompter {
    private final LineReader reader;
    private final PrintWriter out;

    JLinePrompter(Terminal terminal) {
        this.reader = LineReaderBuilder.builder().terminal(terminal).variable(LineReader.DISABLE_HISTORY, true).build();
        this.out = terminal.writer();
    }

    @Override
    public void show(String text) {
        out.println(text);
        out.flush();
    }

    @Override
    public Optional<String> readLine(String prompt) {
        try {
            return Optional.of(reader.readLine(prompt));
        } catch (UserInterruptException | EndOfFileException e) {
            return Optional.empty();
        }
    }
}
