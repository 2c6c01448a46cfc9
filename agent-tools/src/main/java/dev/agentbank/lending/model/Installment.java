package dev.agentbank.lending.model;

import dev.agentbank.shared.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One monthly payment of a schedule, split into the principal it repays and the interest it pays.
 * It refuses parts that do not add up, so a schedule read back from storage cannot be inconsistent.
 */
public record Installment(int number, LocalDate dueDate, Money principal, Money interest, Money payment) {
    public Installment {
        Objects.requireNonNull(dueDate, "dueDate");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(payment, "payment");
        if (number < 1) {
            throw new IllegalArgumentException("installment number must be at least 1, got " + number);
        }
        if (principal.isNegative() || interest.isNegative()) {
            throw new IllegalArgumentException("installment " + number + " has a negative part: principal " + principal
                    + ", interest " + interest);
        }
        if (!principal.plus(interest).equals(payment)) {
            throw new IllegalArgumentException("installment " + number + ": payment " + payment + " is not principal " + principal
                    + " plus interest " + interest);
        }
    }
}
