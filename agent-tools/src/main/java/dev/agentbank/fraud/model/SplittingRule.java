package dev.agentbank.fraud.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Outflows just under the confirmation threshold, several in a window: from {@code band} below it up to it. Someone
 * who knows the threshold is keeping each piece under it.
 */
public record SplittingRule(BigDecimal threshold, BigDecimal band, Duration window, int atLeast, int score) implements Rule {
    public static SplittingRule defaults(BigDecimal threshold) {
        BigDecimal band = threshold.multiply(new BigDecimal("0.15")).setScale(threshold.scale(), java.math.RoundingMode.DOWN);
        return new SplittingRule(threshold, band, Duration.ofHours(24), 3, 40); // keeping under the threshold on purpose alerts alone
    }

    public String id() {
        return "splitting";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut() || !justUnder(movement)) {
            return Optional.empty();
        }
        List<Movement> pieces = new ArrayList<>(history.outflowsWithin(window, movement.at()).stream().filter(this::justUnder).toList());
        pieces.add(movement);
        if (pieces.size() < atLeast) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, pieces.size() + " outflows between " + threshold.subtract(band).toPlainString()
                + " and " + threshold.toPlainString() + " " + movement.amount().currency().getCurrencyCode() + " in "
                + Words.duration(window) + ", total " + AccountActivity.sum(pieces, movement.amount().currency())
                + "; the confirmation threshold is " + threshold.toPlainString()));
    }

    private boolean justUnder(Movement movement) {
        BigDecimal amount = movement.amount().amount();
        return amount.compareTo(threshold) <= 0 && amount.compareTo(threshold.subtract(band)) >= 0;
    }
}
