package dev.agentbank.lending.application;

/** The port to whoever reports customers' credit (the retail-banking provider, in production). */
public interface CreditBureau {
    /**
     * The customer's credit report, pulled now. Never throws for the bureau's behaviour: a failure is
     * {@link CreditCheck.Unavailable}.
     *
     * @throws IllegalArgumentException when {@code customerId} is not positive
     */
    CreditCheck report(long customerId);
}
