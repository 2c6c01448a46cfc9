package dev.agentbank.identity;

import java.time.Instant;

/**
 * How a front end asks the human behind a session to confirm a request, through a channel the model cannot
 * write to: an MCP elicitation form, or the chat program's own terminal prompt. Front ends that cannot ask use
 * {@link #UNAVAILABLE}, and the request waits as a pending approval for {@code ./bank approvals}: money movements in
 * the confirmation gate, any other request through a {@link ConfirmationFallback}.
 */
@FunctionalInterface
public interface HumanConfirmation {
    HumanConfirmation UNAVAILABLE = request -> new Answer.Unavailable();

    Answer ask(ConfirmationRequest request);

    sealed interface Answer {
        /** @param approvedBy who answered, e.g. the principal's actor id */
        record Approved(String approvedBy, String channel) implements Answer {}

        record Declined(String channel) implements Answer {}

        record Cancelled(String channel) implements Answer {}

        /** This session has no way to ask; fall back to a pending approval. */
        record Unavailable() implements Answer {}

        /**
         * The question waits as approval request {@code approvalId} for a human outside the session; asking the same
         * question again after they decide gets their answer (once).
         */
        record Pending(String approvalId, Instant expiresAt) implements Answer {}

        /** The question waited as approval request {@code approvalId} and nobody decided before it expired. */
        record Expired(String approvalId) implements Answer {}
    }
}
