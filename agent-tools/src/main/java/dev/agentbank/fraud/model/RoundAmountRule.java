package dev.agentbank.fraud.model;

import java.math.BigDecimal;
import java.util.Optional;

/** A large outflow in a round amount (a multiple of {@code multipleOf}, at least {@code atLeast}): people pay bills in cents. */
public record RoundAmountRule(BigDecimal multipleOf, BigDecimal atLeast, int score) implements Rule {
    public static RoundAmountRule defaults() {
        return new RoundAmountRule(new BigDecimal("100"), new BigDecimal("500.00"), 10);
    }

    public String id() {
        return "round-amount";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        BigDecimal amount = movement.amount().amount();
        if (!movement.isOut() || amount.compareTo(atLeast) < 0 || amount.remainder(multipleOf).signum() != 0) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, "outflow of " + movement.amount() + ", a multiple of "
                + multipleOf.toPlainString() + " (rule: round amounts from " + atLeast.toPlainString() + ")"));
    }
}
