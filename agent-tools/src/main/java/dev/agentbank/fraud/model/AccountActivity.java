package dev.agentbank.fraud.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * An account's earlier movements, oldest first, before the one being judged: what the rules compare it with. The
 * caller supplies at least the last 90 days, with the customer's agent-channel activity over the same span.
 */
public record AccountActivity(List<Movement> movements, ChannelActivity channel) {
    public AccountActivity {
        movements = List.copyOf(movements);
        channel = channel == null ? ChannelActivity.NONE : channel;
    }

    public AccountActivity(List<Movement> movements) {
        this(movements, ChannelActivity.NONE);
    }

    /** Movements in {@code [from, to)}. */
    public List<Movement> between(Instant from, Instant to) {
        return movements.stream().filter(m -> !m.at().isBefore(from) && m.at().isBefore(to)).toList();
    }

    /** Outflows in the {@code window} before {@code at}. */
    public List<Movement> outflowsWithin(Duration window, Instant at) {
        return between(at.minus(window), at).stream().filter(Movement::isOut).toList();
    }

    /** The latest movement before {@code at}, in or out. */
    public Optional<Movement> lastBefore(Instant at) {
        return movements.stream().filter(m -> m.at().isBefore(at)).reduce((first, second) -> second);
    }

    /** The sum of {@code movements} in {@code currency}. */
    public static Money sum(List<Movement> movements, Currency currency) {
        Money total = Money.zero(currency);
        for (Movement movement : movements) {
            total = total.plus(movement.amount());
        }
        return total;
    }

    /** What left the account per day on average over the {@code days} before {@code at}. */
    public Money usualDailyOutflow(int days, Instant at, Currency currency) {
        Money total = sum(outflowsWithin(Duration.ofDays(days), at), currency);
        BigDecimal perDay = total.amount().divide(BigDecimal.valueOf(days), Money.scaleOf(currency), RoundingMode.HALF_EVEN);
        return new Money(perDay, currency);
    }

    /** Mean and standard deviation of the outflow amounts in the {@code window} before {@code at}. */
    public Optional<Spread> outflowSpread(Duration window, Instant at) {
        List<Movement> outs = outflowsWithin(window, at);
        if (outs.isEmpty()) {
            return Optional.empty();
        }
        MathContext precision = MathContext.DECIMAL64;
        BigDecimal n = BigDecimal.valueOf(outs.size());
        BigDecimal mean = outs.stream().map(m -> m.amount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, precision);
        BigDecimal variance = outs.stream().map(m -> m.amount().amount().subtract(mean).pow(2))
                .reduce(BigDecimal.ZERO, BigDecimal::add).divide(n, precision);
        return Optional.of(new Spread(outs.size(), mean, variance.sqrt(precision)));
    }

    /** {@code count} amounts with this mean and (population) standard deviation. */
    public record Spread(int count, BigDecimal mean, BigDecimal deviation) {}
}
