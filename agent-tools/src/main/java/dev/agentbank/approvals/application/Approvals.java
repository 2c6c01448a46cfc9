package dev.agentbank.approvals.application;

import dev.agentbank.approvals.jdbc.OutflowLimits;
import dev.agentbank.approvals.jdbc.PendingConfirmations;
import dev.agentbank.approvals.jdbc.PendingOperations;
import dev.agentbank.approvals.jdbc.SpendingPolicies;
import dev.agentbank.approvals.model.Approval;
import dev.agentbank.approvals.model.GateOutcome;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.approvals.model.PendingOperation.Status;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Decisions on pending approvals by a human outside the model's reach (the operator CLI). An approved
 * request posts once under its original idempotency key, so approving twice, or again after a crash
 * between approval and posting, cannot post twice. Other requests (consent to a credit check, …) wait as pending
 * confirmations under ids of their own ({@code CNF-…}); deciding one records the decision, and the tool that asked
 * finds it when it is called again.
 */
public final class Approvals {
    private final PendingOperations pending;
    private final PendingConfirmations confirmations;
    private final ConfirmationGate gate;
    private final SpendingPolicies policies;
    private final Clock clock;

    public Approvals(PendingOperations pending, PendingConfirmations confirmations, ConfirmationGate gate,
                     SpendingPolicies policies, Clock clock) {
        this.pending = pending;
        this.confirmations = confirmations;
        this.gate = gate;
        this.policies = policies;
        this.clock = clock;
    }

    /** The answer to a decision, with a line for the operator. */
    public record Decision(boolean done, String message) {}

    public Decision approve(String id, Actor approver, String channel) {
        Optional<PendingOperation> found = pending.find(id);
        if (found.isEmpty()) {
            return confirmations.find(id).map(confirmation -> decide(confirmation, PendingConfirmation.Status.APPROVED, approver, channel))
                    .orElseGet(() -> new Decision(false, "no approval request " + id));
        }
        PendingOperation operation = found.get();
        if (operation.status() == Status.PENDING && !pending.decide(operation.id(), Status.APPROVED, approver, channel)) {
            pending.markExpired(operation.id());
            operation = pending.find(operation.id()).orElseThrow();
        } else {
            operation = pending.find(operation.id()).orElseThrow();
        }
        return switch (operation.status()) {
            case APPROVED -> execute(operation);
            case EXECUTED -> new Decision(false, operation.id() + " was already approved and posted as transaction "
                    + operation.transactionId() + "; nothing more was posted");
            case EXPIRED -> new Decision(false, operation.id() + " expired at " + operation.expiresAt() + "; nothing was posted");
            case REJECTED -> new Decision(false, operation.id() + " was rejected by " + operation.decidedBy() + "; nothing was posted");
            case FAILED -> new Decision(false, operation.id() + " was approved but failed: " + operation.failure());
            case PENDING -> new Decision(false, operation.id() + " could not be approved; try again");
        };
    }

    public Decision reject(String id, Actor by, String channel) {
        Optional<PendingOperation> found = pending.find(id);
        if (found.isEmpty()) {
            return confirmations.find(id).map(confirmation -> decide(confirmation, PendingConfirmation.Status.REJECTED, by, channel))
                    .orElseGet(() -> new Decision(false, "no approval request " + id));
        }
        if (pending.decide(found.get().id(), Status.REJECTED, by, channel)) {
            return new Decision(true, found.get().id() + " rejected; nothing was posted");
        }
        pending.markExpired(found.get().id());
        PendingOperation now = pending.find(found.get().id()).orElseThrow();
        return new Decision(false, now.id() + " is " + now.status().name().toLowerCase() + " and can no longer be rejected");
    }

    /** Pending confirmations, where a human never answers the request they made themself. */
    private Decision decide(PendingConfirmation confirmation, PendingConfirmation.Status decision, Actor by, String channel) {
        if (confirmation.principal().equals(by.id())) {
            return new Decision(false, confirmation.id() + " was requested by " + by + ", who cannot also decide it");
        }
        boolean approving = decision == PendingConfirmation.Status.APPROVED;
        String verb = approving ? "approved" : "rejected";
        if (confirmations.decide(confirmation.id(), decision, by, channel)) {
            return new Decision(true, confirmation.id() + " " + verb + " (" + confirmation.subject() + "); " + (approving
                    ? "it counts once, when the assistant makes the same request again" : "the request will not go ahead"));
        }
        confirmations.markExpired(confirmation.id());
        PendingConfirmation now = confirmations.find(confirmation.id()).orElseThrow();
        return new Decision(false, now.id() + " is " + now.stateAt(clock.instant()).toLowerCase(Locale.ROOT)
                + (now.decidedBy() == null ? "" : " (decided by " + now.decidedBy() + ")") + " and can no longer be " + verb);
    }

    private Decision execute(PendingOperation operation) {
        Principal principal = Principal.parse(operation.principal());
        Approval approval = new Approval(operation.decidedBy(), operation.channel(),
                operation.decidedAt() == null ? clock.instant() : operation.decidedAt(), operation.id(), operation.createdAt());
        GateOutcome outcome = gate.post(principal, operation.command(),
                new OutflowLimits(policies.of(principal), approval, clock));
        return switch (outcome) {
            case GateOutcome.Posted posted -> {
                long transaction = posted.posting().receipt().transactionId();
                pending.markExecuted(operation.id(), transaction);
                yield new Decision(true, operation.id() + " approved and posted as transaction " + transaction
                        + (posted.posting().replayed() ? " (it had been posted before; nothing new was posted)" : ""));
            }
            case GateOutcome.Rejected rejected -> {
                pending.markFailed(operation.id(), rejected.message());
                yield new Decision(false, operation.id() + " approved but not posted: " + rejected.message());
            }
            case GateOutcome.Declined declined -> throw new IllegalStateException("a stored approval cannot be declined");
            case GateOutcome.AwaitingApproval awaiting -> throw new IllegalStateException("a stored approval cannot wait again");
        };
    }
}
