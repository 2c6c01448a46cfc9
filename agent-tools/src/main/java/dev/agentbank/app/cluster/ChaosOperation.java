package dev.agentbank.app.cluster;

import dev.agentbank.shared.Actor;

/**
 * One intended money movement of a chaos run and what became of it. The idempotency key stays the same across all its
 * attempts; the reference is unique to the operation too, so a second posting under another key would show.
 */
record ChaosOperation(Kind kind, Actor actor, String key, String reference, long amountMinor, Outcome outcome, int attempts,
                      String note) {
    enum Kind { TRANSFER, INTERNAL_PAYMENT, EXTERNAL_PAYMENT, REVERSAL }

    enum Outcome {
        /** The bank said it is done (posted now or earlier under the same key). */
        ACKNOWLEDGED,
        /** The bank answered that it did not do it (insufficient funds, already reversed, ...). */
        REFUSED,
        /** No answer before the run's grace period ended, however often it was tried. */
        UNANSWERED
    }

    boolean retried() {
        return attempts > 1;
    }
}
