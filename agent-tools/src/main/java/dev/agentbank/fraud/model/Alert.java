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

    /** Taken into review by {@code analyst}: a NEW alert, or an IN_REVIEW or ESCALATED one changing hands. */
    public Alert assignedTo(String analyst, Instant at) {
        requireOpen("assigned");
        AlertState next = state == AlertState.ESCALATED ? AlertState.ESCALATED : AlertState.IN_REVIEW;
        return new Alert(id, raisedAt, customerId, account, eventId, description, amount, transactionId, paymentId, score, action,
                hits, next, Optional.of(analyst), resolution, closedAt, at);
    }

    /** Handed up for a senior decision; only an alert someone reviewed can be escalated. */
    public Alert escalated(Instant at) {
        requireOpen("escalated");
        if (state != AlertState.IN_REVIEW) {
            throw new WorkflowRefusal("Alert " + id + " is " + words(state) + "; assign it before escalating it.");
        }
        return new Alert(id, raisedAt, customerId, account, eventId, description, amount, transactionId, paymentId, score, action,
                hits, AlertState.ESCALATED, assignee, resolution, closedAt, at);
    }

    /** Closed with how it ended; an alert nobody reviewed is closed by whoever closes it. */
    public Alert closed(Resolution how, String analyst, Instant at) {
        requireOpen("closed");
        return new Alert(id, raisedAt, customerId, account, eventId, description, amount, transactionId, paymentId, score, action,
                hits, AlertState.CLOSED, assignee.or(() -> Optional.of(analyst)), Optional.of(how), Optional.of(at), at);
    }

    public boolean isOpen() {
        return state != AlertState.CLOSED;
    }

    private void requireOpen(String verb) {
        if (state == AlertState.CLOSED) {
            throw new WorkflowRefusal("Alert " + id + " is closed (" + resolution.map(r -> words(r.name())).orElse("") + ") and cannot be "
                    + verb + ".");
        }
    }

    private static String words(Object value) {
        return value.toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** A step the alert's workflow does not allow, in words for the analyst. */
    public static final class WorkflowRefusal extends RuntimeException {
        public WorkflowRefusal(String message) {
            super(message, null, false, false);
        }
    }

    /** The ids of the rules that fired, for filters and charts. */
    public List<String> rules() {
        return hits.stream().map(Hit::rule).toList();
    }
}
