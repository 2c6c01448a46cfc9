package dev.agentbank.accounts.model;

import java.util.Locale;
import java.util.Optional;

public enum AccountKind {
    CHECKING, SAVINGS,
    /** The bank's side of deposits and withdrawals, one per currency. Never shown to customers. */
    SETTLEMENT,
    /**
     * A customer's loan: its balance is minus the principal still owed, and its overdraft limit is the principal lent,
     * so the disbursement may take it down to exactly minus the principal and repayments bring it back to zero.
     * The ledger's own CHECKs ({@code balance >= -overdraft_limit}) then hold for loans as for any account.
     */
    LOAN,
    /** The bank's fee and interest income, one per currency. Like SETTLEMENT: no customer, no cached balance, never shown. */
    INCOME,
    /**
     * Outgoing external payments between the customer's debit and the provider's answer, one per currency. Like
     * SETTLEMENT: its balance is the sum of its postings, which is the money in flight.
     */
    CLEARING;

    /** The bank's own accounts: no customer and no cached balance (their balance is the sum of their postings). */
    public boolean isInternal() {
        return switch (this) {
            case SETTLEMENT, INCOME, CLEARING -> true;
            case CHECKING, SAVINGS, LOAN -> false;
        };
    }

    public static Optional<AccountKind> parseCustomerKind(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "checking" -> Optional.of(CHECKING);
            case "savings" -> Optional.of(SAVINGS);
            default -> Optional.empty();
        };
    }
}
