package dev.agentbank.accounts.model;

/** Why an account refuses a posting: a business answer, not an error. */
public record Refusal(Reason reason, String message) {
    public enum Reason { ACCOUNT_NOT_OPEN, INSUFFICIENT_FUNDS, CURRENCY_MISMATCH, NOT_FOR_LOANS }
}
