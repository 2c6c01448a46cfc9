package dev.agentbank.ledger.model;

import java.util.Locale;
import java.util.Optional;

/** What a journal entry records. Each kind answers for itself whether a reversal may mirror it. */
public enum EntryKind {
    DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING,
    /** A loan paid out: the loan account debited, the payout account and the bank's fee income credited. */
    DISBURSEMENT,
    /** A loan installment or prepayment: the payer debited, the loan account and the interest income credited. */
    LOAN_REPAYMENT;

    /** Why an entry of this kind cannot be reversed, or empty when it can. */
    public Optional<String> whyNotReversible() {
        return switch (this) {
            case DEPOSIT, WITHDRAWAL, TRANSFER -> Optional.empty();
            case REVERSAL -> Optional.of("itself a reversal");
            case OPENING -> Optional.of("an account opening");
            // A loan's schedule and status follow these entries; undoing one would leave the loan book wrong.
            case DISBURSEMENT -> Optional.of("a loan disbursement");
            case LOAN_REPAYMENT -> Optional.of("a loan repayment");
        };
    }

    public static Optional<EntryKind> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(text.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
