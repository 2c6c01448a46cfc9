package dev.agentbank.approvals.application;

import dev.agentbank.approvals.jdbc.OutflowLimits;
import dev.agentbank.approvals.jdbc.SpendingPolicies;
import dev.agentbank.approvals.model.Approval;
import dev.agentbank.approvals.model.Counterparty;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.money.Money;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The spending policy for contexts that ask their human themselves (payments show the payee, so they do not go
 * through the {@link ConfirmationGate}): the principal's limits, and the conditions to post under, with or without
 * a human's approval. Both check the limits inside the posting transaction.
 */
public final class OutflowRules {
    private final SpendingPolicies policies;
    private final Clock clock;

    public OutflowRules(SpendingPolicies policies, Clock clock) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SpendingPolicy policy(Principal principal) {
        return policies.of(principal);
    }

    /**
     * The daily limit as it stands, read before a human is asked: nobody approves what the limit refuses anyway. The
     * posting checks it again, under its lock.
     */
    public Optional<String> dailyRefusal(Principal principal, SpendingPolicy policy, Money amount) {
        return policy.dailyRefusal(policies.usedToday(principal, amount.currency()), amount);
    }

    /** Posting without a human: also counted against the 24-hour totals, overall and to {@code to}. */
    public OutflowCheck unasked(SpendingPolicy policy, Optional<Counterparty> to) {
        return new OutflowLimits(policy, Approval.automatic(clock.instant()), to, clock);
    }

    /** Posting with a human's approval given through {@code channel}: the per-transaction and daily limits still hold. */
    public OutflowCheck confirmed(SpendingPolicy policy, String approvedBy, String channel, java.time.Instant askedAt,
                                  Optional<Counterparty> to) {
        return new OutflowLimits(policy, new Approval(approvedBy, channel, clock.instant(), null, askedAt), to, clock);
    }
}
