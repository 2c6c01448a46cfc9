package dev.agentbank.approvals.application;

import dev.agentbank.approvals.jdbc.PendingConfirmations;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationFallback;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.HumanConfirmation.Answer;
import dev.agentbank.identity.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * "Approve, then call again": when a session cannot ask its human, a request other than a money movement waits as a
 * pending confirmation for {@code ./bank approvals}, and the tool answers {@link Answer.Pending}. The same question
 * asked again by the same principal (same subject and text, so the same fingerprint) gets the human's decision,
 * once; a question that changed meanwhile is a new question. Money movements keep their own pending operations in
 * the {@link ConfirmationGate}, which can post them on approval.
 */
public final class ConfirmationOrPending implements ConfirmationFallback {
    /** How a decision taken at {@code ./bank approvals} reaches the tool, as the channel of its answer. */
    public static final String CHANNEL = "pending-approval";

    private final PendingConfirmations store;
    private final Duration lifetime;
    private final Clock clock;

    public ConfirmationOrPending(PendingConfirmations store, Duration lifetime, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public HumanConfirmation around(Principal principal, CallContext context) {
        Objects.requireNonNull(principal, "principal");
        HumanConfirmation human = context.human();
        return request -> {
            Answer live = human.ask(request);
            if (!(live instanceof Answer.Unavailable) || request instanceof Proposal) {
                return live;
            }
            return pending(principal, request);
        };
    }

    private Answer pending(Principal principal, ConfirmationRequest request) {
        String fingerprint = PendingConfirmation.fingerprint(request);
        Optional<PendingConfirmation> earlier = store.unanswered(principal, fingerprint);
        if (earlier.isEmpty()) {
            PendingConfirmation created = store.createOrFind(principal, request, fingerprint, lifetime);
            return new Answer.Pending(created.id(), created.expiresAt());
        }
        PendingConfirmation found = earlier.get();
        return switch (found.statusAt(clock.instant())) {
            case PENDING -> new Answer.Pending(found.id(), found.expiresAt());
            // a call that loses the race to use an approval waits; the winner's outcome answers its next retry
            case APPROVED -> store.markAnswered(found.id())
                    ? new Answer.Approved(found.decidedBy(), channel(found)) : new Answer.Pending(found.id(), found.expiresAt());
            case REJECTED -> {
                store.markAnswered(found.id());
                yield new Answer.Declined(channel(found));
            }
            case EXPIRED -> {
                store.markExpired(found.id());
                store.markAnswered(found.id());
                yield new Answer.Expired(found.id());
            }
        };
    }

    /** e.g. {@code pending-approval CNF-7KQ2M9XD (cli)}: how, where and under which request the human answered. */
    private static String channel(PendingConfirmation decided) {
        return CHANNEL + " " + decided.id() + " (" + decided.channel() + ")";
    }
}
