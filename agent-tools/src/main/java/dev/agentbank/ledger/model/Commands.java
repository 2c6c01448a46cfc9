package dev.agentbank.ledger.model;

import dev.agentbank.shared.InvalidRequest;

import dev.agentbank.accounts.model.AccountNumber;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.Optional;

/** Money-moving requests. Each validates its own shape; the ledger checks them against balances. */
public final class Commands {
    private Commands() {}

    public sealed interface Command permits Deposit, Withdrawal, Transfer, Reversal {
        IdempotencyKey idempotencyKey();

        EntryKind kind();

        /** The parameters that make two requests "the same", for idempotent replay. */
        String fingerprint();
    }

    /** {@code currency}, when given, must be the account's: it stops "100" landing in the wrong currency. */
    public record Deposit(AccountNumber account, BigDecimal amount, Optional<Currency> currency, String reference,
                          IdempotencyKey idempotencyKey) implements Command {
        public Deposit {
            requireNonNull(account, "account");
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.DEPOSIT;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), account, amount, currency, reference);
        }
    }

    public record Withdrawal(AccountNumber account, BigDecimal amount, Optional<Currency> currency, String reference,
                             IdempotencyKey idempotencyKey) implements Command {
        public Withdrawal {
            requireNonNull(account, "account");
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.WITHDRAWAL;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), account, amount, currency, reference);
        }
    }

    public record Transfer(AccountNumber from, AccountNumber to, BigDecimal amount, Optional<Currency> currency,
                           String reference, IdempotencyKey idempotencyKey) implements Command {
        public Transfer {
            requireNonNull(from, "from_account");
            requireNonNull(to, "to_account");
            if (from.equals(to)) {
                throw new InvalidRequest("from_account and to_account are the same account " + from + ".");
            }
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.TRANSFER;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, to, amount, currency, reference);
        }
    }

    public record Reversal(long transactionId, String reason, IdempotencyKey idempotencyKey) implements Command {
        public Reversal {
            if (transactionId <= 0) {
                throw new InvalidRequest("transaction_id must be a positive number.");
            }
            reason = Reference.clean(reason);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.REVERSAL;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), transactionId, reason);
        }
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new InvalidRequest(name + " is required.");
        }
    }

    private static BigDecimal requireAmount(BigDecimal amount) {
        if (amount == null) {
            throw new InvalidRequest("amount is required, for example 25.00.");
        }
        if (amount.signum() <= 0) {
            throw new InvalidRequest("amount must be positive, got " + amount.toPlainString() + ".");
        }
        return amount;
    }
}
