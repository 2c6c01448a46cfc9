package dev.agentbank.approvals.application;

import dev.agentbank.approvals.jdbc.OutflowLimits;
import dev.agentbank.approvals.jdbc.PendingOperations;
import dev.agentbank.approvals.jdbc.SpendingPolicies;
import dev.agentbank.approvals.model.Approval;
import dev.agentbank.approvals.model.GateOutcome;
import dev.agentbank.approvals.model.PendingOperation.Status;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.ledger.application.PostingConditions;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import java.time.Clock;
import java.time.Duration;

/**
 * The one path by which a model's request moves money. Under the principal's threshold it posts at once;
 * above it, the human behind the session decides through the front end's own channel, or later through
 * {@code ./bank approvals}. Nothing in the request itself (arguments, references) can skip that step.
 */
public final class ConfirmationGate {
    private final Ledger ledger;
    private final SpendingPolicies policies;
    private final PendingOperations pending;
    private final Duration pendingLifetime;
    private final Clock clock;

    public ConfirmationGate(Ledger ledger, SpendingPolicies policies, PendingOperations pending, Duration pendingLifetime, Clock clock) {
        this.ledger = ledger;
        this.policies = policies;
        this.pending = pending;
        this.pendingLifetime = pendingLifetime;
        this.clock = clock;
    }

    public GateOutcome submit(Principal principal, Proposal proposal, CallContext context) {
        HumanConfirmation human = context.human();
        PostingConditions origin = PostingConditions.describedBy(context.provenance());
        SpendingPolicy policy = policies.of(principal);
        var tooLarge = policy.perTransactionRefusal(proposal.amount());
        if (tooLarge.isPresent()) {
            return new GateOutcome.Rejected(tooLarge.get());
        }
        // A key that went to a human belongs to that request: a retry gets its outcome, whatever the limits now say.
        var earlier = pending.findByKey(principal, proposal.command().idempotencyKey().value());
        if (earlier.isPresent()) {
            if (!earlier.get().fingerprint().equals(proposal.command().fingerprint())) {
                return keyReused(proposal);
            }
            return ledger.hasPosted(principal.actor(), proposal.command().idempotencyKey())
                    ? postWithoutAsking(principal, proposal, policy, origin) : earlierRequest(earlier.get());
        }
        // Under the threshold, or a retry of something already posted (which the ledger replays): no question, unless
        // the totals moved without a human in the last 24 hours say otherwise (checked inside the posting).
        if (!policy.needsConfirmation(proposal.amount()) || ledger.hasPosted(principal.actor(), proposal.command().idempotencyKey())) {
            LedgerOutcome unasked = ledger.post(principal.actor(), proposal.command(),
                    new OutflowLimits(policy, Approval.automatic(clock.instant()), clock).and(origin));
            if (!(unasked instanceof LedgerOutcome.Rejected rejected && rejected.reason() == Reason.CONFIRMATION_REQUIRED)) {
                return outcome(unasked);
            }
            proposal = proposal.askedBecause(rejected.message());
        }
        if (proposal.foreseenRefusal().isPresent()) {
            return new GateOutcome.Rejected(proposal.foreseenRefusal().get());
        }
        // money leaving an account: nobody is asked to approve what the daily limit refuses anyway
        if (proposal.from().isPresent()) {
            var daily = policy.dailyRefusal(policies.usedToday(principal, proposal.amount().currency()), proposal.amount());
            if (daily.isPresent()) {
                return new GateOutcome.Rejected(daily.get());
            }
        }
        java.time.Instant asked = clock.instant();
        return switch (human.ask(proposal)) {
            case HumanConfirmation.Answer.Approved approved -> post(principal, proposal.command(), new OutflowLimits(policy,
                    new Approval(approved.approvedBy(), approved.channel(), clock.instant(), null, asked), clock).and(origin));
            case HumanConfirmation.Answer.Declined declined -> new GateOutcome.Declined(false);
            case HumanConfirmation.Answer.Cancelled cancelled -> new GateOutcome.Declined(true);
            case HumanConfirmation.Answer.Unavailable unavailable -> {
                PendingOperation operation = pending.createOrFind(principal, proposal, pendingLifetime);
                yield operation.fingerprint().equals(proposal.command().fingerprint())
                        ? new GateOutcome.AwaitingApproval(operation) : keyReused(proposal);
            }
            // money waits as a pending operation above, never as a pending confirmation
            case HumanConfirmation.Answer.Pending waiting -> throw new IllegalStateException("a money movement cannot wait as a confirmation");
            case HumanConfirmation.Answer.Expired expired -> throw new IllegalStateException("a money movement cannot wait as a confirmation");
        };
    }

    /** Posts a retry the ledger answers with the earlier posting. */
    private GateOutcome postWithoutAsking(Principal principal, Proposal proposal, SpendingPolicy policy, PostingConditions origin) {
        return post(principal, proposal.command(), new OutflowLimits(policy, Approval.automatic(clock.instant()), clock).and(origin));
    }

    private GateOutcome earlierRequest(PendingOperation operation) {
        Status status = operation.statusAt(clock.instant());
        return switch (status) {
            case PENDING, APPROVED, EXECUTED -> new GateOutcome.AwaitingApproval(operation);
            case REJECTED -> new GateOutcome.Rejected("This request (" + operation.id() + ") was rejected by "
                    + operation.decidedBy() + "; nothing was posted. Do not retry it.");
            case EXPIRED -> new GateOutcome.Rejected("This request (" + operation.id() + ") expired without approval; nothing was "
                    + "posted. If it is still wanted, ask the customer and make a new request with a new idempotency key.");
            case FAILED -> new GateOutcome.Rejected("This request (" + operation.id() + ") was approved but could not be posted: "
                    + operation.failure());
        };
    }

    private static GateOutcome keyReused(Proposal proposal) {
        return new GateOutcome.Rejected("idempotency_key '" + proposal.command().idempotencyKey()
                + "' was already used for a different request. Use a new key for a new operation.");
    }

    GateOutcome post(Principal principal, Commands.Command command, PostingConditions conditions) {
        return outcome(ledger.post(principal.actor(), command, conditions));
    }

    private static GateOutcome outcome(LedgerOutcome outcome) {
        return switch (outcome) {
            case LedgerOutcome.Posted posted -> new GateOutcome.Posted(posted);
            case LedgerOutcome.Rejected rejected -> new GateOutcome.Rejected(rejected.message());
        };
    }
}
