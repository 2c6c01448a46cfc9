package dev.agentbank.fraud.model;

import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A movement the rules scored at or above ALERT, with the hits that explain it.
 *
 * @param description   the movement in words, e.g. "payment of 480.00 EUR to "Landlord Ltd""
 * @param transactionId the journal entry that moved the money, when it was posted
 * @param paymentId     the payment, when the movement is one (a HOLD alert always has one)
 * @param action        ALERT, or HOLD when screening held the payment
 */
public record Alert(long id, Instant raisedAt, long customerId, String account, long eventId, String description, Money amount,
                    Optional<Long> transactionId, Optional<String> paymentId, int score, Scorecard.Action action, List<Hit> hits,
                    AlertState state, Optional<String> assignee, Optional<Resolution> resolution, Optional<Instant> closedAt,
                    Instant updatedAt) {
    public Alert {
        hits = List.copyOf(hits);
    }

    /** The ids of the rules that fired, for filters and charts. */
    public List<String> rules() {
        return hits.stream().map(Hit::rule).toList();
    }
}
