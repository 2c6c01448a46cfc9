package dev.agentbank.fraud.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A large credit, then most of it out again within {@code window}: {@code share} or more of a credit of at least
 * {@code creditAtLeast}. The money-mule pattern: the account only passes money on.
 */
public record RapidInAndOutRule(BigDecimal creditAtLeast, BigDecimal share, Duration window, int score) implements Rule {
    public static RapidInAndOutRule defaults() {
        return new RapidInAndOutRule(new BigDecimal("1000.00"), new BigDecimal("0.80"), Duration.ofHours(24), 40);
    }

    public String id() {
        return "rapid-in-and-out";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut()) {
            return Optional.empty();
        }
        List<Movement> recent = history.between(movement.at().minus(window), movement.at());
        for (Movement credit : recent) {
            if (credit.isOut() || credit.amount().amount().compareTo(creditAtLeast) < 0) {
                continue;
            }
            List<Movement> outsSince = new ArrayList<>(recent.stream().filter(m -> m.isOut() && !m.at().isBefore(credit.at())).toList());
            outsSince.add(movement);
            Money out = AccountActivity.sum(outsSince, movement.amount().currency());
            if (out.amount().compareTo(credit.amount().amount().multiply(share)) >= 0) {
                BigDecimal percent = out.amount().multiply(BigDecimal.valueOf(100)).divide(credit.amount().amount(), 0, RoundingMode.DOWN);
                return Optional.of(new Hit(id(), version(), score, "credit of " + credit.amount() + ", then " + out + " out ("
                        + percent.toPlainString() + " %) within " + Words.duration(Duration.between(credit.at(), movement.at()))
                        + " (rule: " + share.movePointRight(2).stripTrailingZeros().toPlainString() + " % within " + Words.duration(window) + ")"));
            }
        }
        return Optional.empty();
    }
}
