package dev.agentbank.approvals.model;

import dev.agentbank.ledger.model.LedgerOutcome;

/** What became of a proposed money movement. */
public sealed interface GateOutcome {
    /** Posted now, or earlier under the same key. */
    record Posted(LedgerOutcome.Posted posting) implements GateOutcome {}

    /** Refused by a rule or a limit; nothing was posted. */
    record Rejected(String message) implements GateOutcome {}

    /** The human said no (or closed the question); nothing was posted. */
    record Declined(boolean cancelled) implements GateOutcome {}

    /** Waiting for a human outside the session. */
    record AwaitingApproval(PendingOperation operation) implements GateOutcome {}
}
