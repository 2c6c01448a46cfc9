package dev.agentbank.fraud.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Many outflows, or much money out in several, in a short window: more than {@code maxCount}, or at least two adding
 * up to more than {@code maxTotal}.
 */
public record VelocityRule(Duration window, int maxCount, BigDecimal maxTotal, int score) implements Rule {
    public static VelocityRule defaults() {
        return new VelocityRule(Duration.ofHours(1), 5, new BigDecimal("2000.00"), 30);
    }

    public String id() {
        return "velocity";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut()) {
            return Optional.empty();
        }
        List<Movement> outs = new ArrayList<>(history.outflowsWithin(window, movement.at()));
        outs.add(movement);
        Money total = AccountActivity.sum(outs, movement.amount().currency());
        // one large outflow is the amount rules' business; velocity is about several adding up
        boolean tooMany = outs.size() > maxCount;
        boolean tooMuch = outs.size() > 1 && total.amount().compareTo(maxTotal) > 0;
        if (!tooMany && !tooMuch) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, outs.size() + " outflows in " + Words.duration(window) + ", total " + total
                + " (limits: " + maxCount + " outflows or " + maxTotal.toPlainString() + " " + total.currency().getCurrencyCode() + ")"));
    }
}
