package dev.agentbank.fraud.model;

import dev.agentbank.shared.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One movement of money on one customer account, as fraud monitoring sees it: read from the transaction events, never
 * from the ledger's tables. {@code amount} is positive; {@code direction} says whether it came in or went out.
 *
 * @param counterparty who received an outflow (a payee id, an account or an IBAN), when known
 * @param payeeAge     for a payment, how long ago its payee was added
 * @param payeeId      for a payment, its payee's id
 * @param channel      how the movement came about
 */
public record Movement(long eventId, Instant at, String account, Direction direction, Money amount,
                       Optional<String> counterparty, Optional<Duration> payeeAge, Optional<String> payeeId, Channel channel) {
    public enum Direction { IN, OUT }

    public Movement {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a movement's amount is positive; its direction says which way");
        }
        counterparty = Objects.requireNonNullElse(counterparty, Optional.empty());
        payeeAge = Objects.requireNonNullElse(payeeAge, Optional.empty());
        payeeId = Objects.requireNonNullElse(payeeId, Optional.empty());
        channel = Objects.requireNonNullElse(channel, Channel.SYSTEM);
    }

    /** A movement the bank itself made, with no payee. */
    public Movement(long eventId, Instant at, String account, Direction direction, Money amount, Optional<String> counterparty,
                    Optional<Duration> payeeAge) {
        this(eventId, at, account, direction, amount, counterparty, payeeAge, Optional.empty(), Channel.SYSTEM);
    }

    public boolean isOut() {
        return direction == Direction.OUT;
    }

    /** Whether this is a payment to a payee added less than {@code age} before it. */
    public boolean toPayeeYoungerThan(Duration age) {
        return payeeAge.map(payee -> payee.compareTo(age) < 0).orElse(false);
    }
}
