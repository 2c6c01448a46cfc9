package dev.agentbank.fraud.model;

import dev.agentbank.fraud.model.ChannelActivity.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An outflow a human confirmed after refusing (or letting expire) at least {@code minRefusals} confirmations in the
 * {@code window} before it: an agent asking again until the customer gives in, or someone pushing them to.
 */
public record DeclinedThenConfirmedRule(Duration window, int minRefusals, int score) implements Rule {
    public static DeclinedThenConfirmedRule defaults() {
        return new DeclinedThenConfirmedRule(Duration.ofHours(24), 2, 30);
    }

    public String id() {
        return "declined-then-confirmed";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut() || movement.channel().confirmation().isEmpty()) {
            return Optional.empty();
        }
        Instant from = movement.at().minus(window);
        long refusals = history.channel().decisions().stream()
                .filter(d -> d.outcome() == Outcome.DECLINED || d.outcome() == Outcome.EXPIRED)
                .filter(d -> !d.at().isBefore(from) && d.at().isBefore(movement.at()))
                .count();
        if (refusals < minRefusals) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, "outflow of " + movement.amount() + " confirmed after " + refusals
                + " declined or expired confirmations in the last " + Words.duration(window) + " (rule: " + minRefusals
                + " or more)"));
    }
}
