package dev.agentbank.chat;

import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import java.util.Locale;
import java.util.Optional;

/**
 * Confirmation of large movements at the chat program's own terminal. The program shows every detail of the
 * proposal and reads the answer from the keyboard; nothing the model writes reaches this prompt.
 */
public final class TerminalConfirmation implements HumanConfirmation {
    public static final String CHANNEL = "terminal";

    private final Prompter prompter;
    private final String approvedBy;

    /** @param approvedBy who answers at this terminal, recorded with the approval, e.g. {@code customer:12} */
    public TerminalConfirmation(Prompter prompter, String approvedBy) {
        this.prompter = prompter;
        this.approvedBy = approvedBy;
    }

    @Override
    public Answer ask(ConfirmationRequest proposal) {
        prompter.show("The assistant asks to move money. Check every detail:\n" + indent(proposal.describe()));
        Optional<String> line = prompter.readLine("Confirm this " + proposal.subject() + "? [y/N] ");
        if (line.isEmpty()) {
            prompter.show("Not confirmed; nothing was posted.");
            return new Answer.Cancelled(CHANNEL);
        }
        String answer = line.get().strip().toLowerCase(Locale.ROOT);
        if (answer.equals("y") || answer.equals("yes")) {
            return new Answer.Approved(approvedBy, CHANNEL);
        }
        prompter.show("Declined; nothing was posted.");
        return new Answer.Declined(CHANNEL);
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
