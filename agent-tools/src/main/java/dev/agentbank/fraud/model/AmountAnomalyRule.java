package dev.agentbank.fraud.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Optional;

/**
 * An outflow far above the account's own: above mean + {@code deviations} × σ of its outflows over 90 days, judged
 * only once there are at least {@code minimumHistory} of them (a new account has no "usual" yet).
 */
public record AmountAnomalyRule(BigDecimal deviations, int minimumHistory, int score) implements Rule {
    static final Duration LOOKBACK = Duration.ofDays(90);

    public static AmountAnomalyRule defaults() {
        return new AmountAnomalyRule(new BigDecimal("4"), 10, 35);
    }

    public String id() {
        return "amount-anomaly";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut()) {
            return Optional.empty();
        }
        return history.outflowSpread(LOOKBACK, movement.at())
                .filter(spread -> spread.count() >= minimumHistory)
                .flatMap(spread -> {
                    BigDecimal ceiling = spread.mean().add(spread.deviation().multiply(deviations));
                    if (movement.amount().amount().compareTo(ceiling) <= 0) {
                        return Optional.empty();
                    }
                    String currency = " " + movement.amount().currency().getCurrencyCode();
                    return Optional.of(new Hit(id(), version(), score, "outflow of " + movement.amount() + " against a usual "
                            + money(spread.mean()) + currency + " (σ " + money(spread.deviation()) + currency + ", " + spread.count()
                            + " outflows in 90 days); above mean + " + deviations.toPlainString() + "σ = " + money(ceiling) + currency));
                });
    }

    private static String money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
