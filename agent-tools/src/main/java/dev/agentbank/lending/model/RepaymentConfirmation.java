package dev.agentbank.lending.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.shared.money.Money;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What a customer is asked before a repayment they asked for is posted: money leaves an account for good, onto the
 * loan, whatever the amount. The scheduled collection on a due date is the contract and asks nobody.
 */
public record RepaymentConfirmation(LoanId loanId, AccountNumber from, Money amount, Money amountOverdue, Money payoffToday,
                                    LocalDate today) implements ConfirmationRequest {
    public RepaymentConfirmation {
        Objects.requireNonNull(loanId, "loanId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(amountOverdue, "amountOverdue");
        Objects.requireNonNull(payoffToday, "payoffToday");
        Objects.requireNonNull(today, "today");
    }

    /** The repayment of {@code amount} from {@code from} on {@code loan}, as it stands {@code today}. */
    public static RepaymentConfirmation of(Loan loan, AccountNumber from, Money amount, LocalDate today) {
        return new RepaymentConfirmation(loan.id(), from, amount, loan.arrears(today).amountOverdue(), loan.payoff(today), today);
    }

    @Override
    public String subject() {
        return "loan repayment";
    }

    @Override
    public String describe() {
        String effect = amount.compareTo(payoffToday) >= 0
                ? "This pays the loan off: " + payoffToday + " is taken and the loan closes."
                : "This pays installments oldest first" + (amountOverdue.isPositive() ? ", starting with the " + amountOverdue
                        + " overdue" : "") + "; the rest of the schedule stays.";
        return "Repay loan: " + loanId + "\n"
                + "Amount: " + amount + "\n"
                + "From: " + from + "\n"
                + "Payoff today (" + today + "): " + payoffToday + "\n"
                + effect;
    }
}
