package dev.agentbank.fraud.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/** A large payment to a payee added only a short while before: the usual shape of a customer talked into paying a fraudster. */
public record NewPayeeLargePaymentRule(Duration payeeYoungerThan, BigDecimal atLeast, int score) implements Rule {
    public static NewPayeeLargePaymentRule defaults() {
        return new NewPayeeLargePaymentRule(Duration.ofHours(24), new BigDecimal("300.00"), 40);
    }

    public String id() {
        return "new-payee-large-payment";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        if (!movement.isOut() || !movement.toPayeeYoungerThan(payeeYoungerThan)
                || movement.amount().amount().compareTo(atLeast) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, "payment of " + movement.amount() + " to a payee added "
                + Words.duration(movement.payeeAge().orElseThrow()) + " earlier (rule: " + atLeast.toPlainString() + " or more within "
                + Words.duration(payeeYoungerThan) + " of adding the payee)"));
    }
}
