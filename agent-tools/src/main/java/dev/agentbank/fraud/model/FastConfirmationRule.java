package dev.agentbank.fraud.model;

import java.time.Duration;
import java.util.Optional;

/**
 * An outflow confirmed faster than anyone can read the question: the "human" answer came from a script, or from a
 * customer told in advance to click yes.
 */
public record FastConfirmationRule(Duration minimumReadingTime, int score) implements Rule {
    public static FastConfirmationRule defaults() {
        return new FastConfirmationRule(Duration.ofSeconds(2), 25);
    }

    public String id() {
        return "fast-confirmation";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut()) {
            return Optional.empty();
        }
        return movement.channel().confirmation()
                .filter(Channel.Confirmation::askedInSession)
                .filter(confirmation -> confirmation.answeredIn().compareTo(minimumReadingTime) < 0)
                .map(confirmation -> new Hit(id(), version(), score, "outflow of " + movement.amount() + " confirmed "
                        + Words.seconds(confirmation.answeredIn()) + " seconds after being asked (a person needs at least "
                        + Words.seconds(minimumReadingTime) + " seconds to read it)"));
    }
}
