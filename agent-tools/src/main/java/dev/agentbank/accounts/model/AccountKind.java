package dev.agentbank.accounts.model;

import java.util.Locale;
import java.util.Optional;

public enum AccountKind {
    CHECKING, SAVINGS,
    /** The bank's side of deposits and withdrawals, one per currency. Never shown to customers. */
    SETTLEMENT;

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
