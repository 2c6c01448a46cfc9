package dev.agentbank.approvals.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * What one principal moved without a human over the last {@link #WINDOW}, overall and to one counterparty, against the
 * confirmation threshold. A movement that would take either total above the threshold needs a human, however small it
 * is itself: five movements of 100.00 are one movement of 500.00 to whoever is harmed.
 */
public record UnconfirmedTotals(BigDecimal threshold, Money overall, Optional<ToCounterparty> toCounterparty) {
    public static final Duration WINDOW = Duration.ofHours(24);

    public record ToCounterparty(Counterparty counterparty, Money total) {}

    /** Why {@code amount} needs a human, naming the total that would go over, or empty when it may move without one. */
    public Optional<String> needsConfirmation(Money amount) {
        if (toCounterparty.isPresent() && over(toCounterparty.get().total(), amount)) {
            ToCounterparty payee = toCounterparty.get();
            return Optional.of(sentence("to \"" + payee.counterparty().label() + "\"", payee.total(), amount));
        }
        if (over(overall, amount)) {
            return Optional.of(sentence("in total", overall, amount));
        }
        return Optional.empty();
    }

    /**
     * Which total asks for a human, in words that stay the same while the figures change (so a pending confirmation
     * asked again is the same question), e.g. "what moved to \"Grace\" without confirmation in 24 hours".
     */
    public String scope(Money amount) {
        if (toCounterparty.isPresent() && over(toCounterparty.get().total(), amount)) {
            return "what was paid to \"" + toCounterparty.get().counterparty().label() + "\" without confirmation in the last 24 hours";
        }
        return "what moved without confirmation in the last 24 hours";
    }

    private boolean over(Money total, Money amount) {
        return total.plus(amount).amount().compareTo(threshold) > 0;
    }

    private String sentence(String scope, Money total, Money amount) {
        return "A human must confirm this: " + SpendingPolicy.format(total.amount(), amount) + " already moved " + scope
                + " without confirmation in the last 24 hours, and this " + SpendingPolicy.format(amount.amount(), amount)
                + " would bring it to " + SpendingPolicy.format(total.plus(amount).amount(), amount) + ", above the "
                + SpendingPolicy.format(threshold, amount) + " that may move without one.";
    }
}
