package dev.agentbank.fraud.model;

import java.time.Duration;
import java.util.Optional;

/** An outflow from an account that had no movement for {@code quietFor}: a sleeping account taken over. */
public record DormantAccountRule(Duration quietFor, int score) implements Rule {
    public static DormantAccountRule defaults() {
        return new DormantAccountRule(Duration.ofDays(90), 30); // with a round amount it alerts
    }

    public String id() {
        return "dormant-account";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut()) {
            return Optional.empty();
        }
        return history.lastBefore(movement.at())
                .filter(last -> Duration.between(last.at(), movement.at()).compareTo(quietFor) >= 0)
                .map(last -> new Hit(id(), version(), score, "outflow of " + movement.amount() + " after "
                        + Words.duration(Duration.between(last.at(), movement.at())) + " without any movement (rule: "
                        + Words.duration(quietFor) + ")"));
    }
}
