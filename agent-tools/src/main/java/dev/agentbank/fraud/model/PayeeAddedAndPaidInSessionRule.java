package dev.agentbank.fraud.model;

import dev.agentbank.fraud.model.ChannelActivity.PayeeAdded;
import java.time.Duration;
import java.util.Optional;

/**
 * An outflow to a payee added in the same agent session: one conversation both created the payee and paid it, so no
 * pause let the customer think again. The session must be a real one; "none" is not shared.
 */
public record PayeeAddedAndPaidInSessionRule(int score) implements Rule {
    public static PayeeAddedAndPaidInSessionRule defaults() {
        return new PayeeAddedAndPaidInSessionRule(25); // with "new payee, large payment" (40) it alerts; a third signal holds
    }

    public String id() {
        return "payee-added-and-paid-in-session";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        Channel channel = movement.channel();
        if (!movement.isOut() || movement.payeeId().isEmpty() || !channel.hasSession()) {
            return Optional.empty();
        }
        String payee = movement.payeeId().get();
        return history.channel().payeesAdded().stream()
                .filter(added -> added.payeeId().equals(payee) && added.session().equals(channel.session()))
                .filter(added -> !added.at().isAfter(movement.at()))
                .reduce((first, second) -> second)
                .map(added -> hit(movement, added));
    }

    private Hit hit(Movement movement, PayeeAdded added) {
        return new Hit(id(), version(), score, "payment of " + movement.amount() + " to payee " + added.payeeId() + ", added "
                + Words.duration(Duration.between(added.at(), movement.at())) + " earlier in the same session "
                + Words.session(added.session()));
    }
}
