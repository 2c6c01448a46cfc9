package dev.agentbank.fraud.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules and the two thresholds their scores are summed against: from {@code alertAt} a movement raises an alert,
 * from {@code holdAt} an outgoing payment is held before its money leaves.
 */
public record Scorecard(List<Rule> rules, int alertAt, int holdAt) {
    public Scorecard {
        rules = List.copyOf(rules);
        if (alertAt <= 0 || holdAt < alertAt) {
            throw new IllegalArgumentException("thresholds must be positive and HOLD at least ALERT");
        }
    }

    public enum Action { NONE, ALERT, HOLD }

    /** What the rules found, their total, and what it calls for. */
    public record Verdict(List<Hit> hits, int score, Action action) {
        public Verdict {
            hits = List.copyOf(hits);
            Objects.requireNonNull(action, "action");
        }
    }

    public Verdict judge(Movement movement, AccountActivity history) {
        List<Hit> hits = new ArrayList<>();
        for (Rule rule : rules) {
            rule.judge(movement, history).ifPresent(hits::add);
        }
        int score = hits.stream().mapToInt(Hit::score).sum();
        Action action = score >= holdAt ? Action.HOLD : score >= alertAt ? Action.ALERT : Action.NONE;
        return new Verdict(hits, score, action);
    }
}
