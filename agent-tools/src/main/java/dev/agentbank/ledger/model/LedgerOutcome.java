package dev.agentbank.ledger.model;

import dev.agentbank.accounts.model.Refusal;

/** What became of a money-moving request: posted (possibly earlier, under the same key) or rejected. */
public sealed interface LedgerOutcome {

    /** {@code replayed} is true when the idempotency key had already posted this same request. */
    record Posted(Receipt receipt, boolean replayed) implements LedgerOutcome {}

    /** Nothing was written. The message is written for a person or a model. */
    record Rejected(Reason reason, String message) implements LedgerOutcome {
        public static Rejected from(Refusal refusal) {
            return new Rejected(switch (refusal.reason()) {
                case ACCOUNT_NOT_OPEN -> Reason.ACCOUNT_NOT_OPEN;
                case INSUFFICIENT_FUNDS -> Reason.INSUFFICIENT_FUNDS;
                case CURRENCY_MISMATCH -> Reason.CURRENCY_MISMATCH;
                case NOT_FOR_LOANS -> Reason.NOT_FOR_LOANS;
            }, refusal.message());
        }
    }

    enum Reason {
        INVALID_AMOUNT,
        ACCOUNT_NOT_FOUND,
        ACCOUNT_NOT_OPEN,
        INSUFFICIENT_FUNDS,
        CURRENCY_MISMATCH,
        IDEMPOTENCY_KEY_REUSED,
        TRANSACTION_NOT_FOUND,
        NOT_REVERSIBLE,
        ALREADY_REVERSED,
        LIMIT_EXCEEDED,
        /** Not refused, but not without a human: a total moved without confirmation would go above the threshold. */
        CONFIRMATION_REQUIRED,
        /** A loan account only takes disbursements and repayments, and no more repayment than is owed. */
        NOT_FOR_LOANS
    }
}
