package dev.agentbank.ledger.model;

import java.util.Locale;
import java.util.Optional;

/** What a journal entry records. Each kind answers for itself whether a reversal may mirror it. */
public enum EntryKind {
    DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING,
    /** A loan paid out: the loan account debited, the payout account and the bank's fee income credited. */
    DISBURSEMENT,
    /** A loan installment or prepayment: the payer debited, the loan account and the interest income credited. */
    LOAN_REPAYMENT,
    /** A payment to a payee at this bank: the payer debited, the payee credited. */
    PAYMENT,
    /** A payment to a payee at another bank: the payer debited, the clearing account credited until the provider answers. */
    PAYMENT_OUT,
    /** The provider paid it: the clearing account debited, the settlement account credited (the money left the bank). */
    PAYMENT_SETTLED,
    /** The provider refused it: the clearing account debited, the payer credited back. */
    PAYMENT_RETURNED,
    /** Fraud screening held a payment: the payer debited, the clearing account credited until an analyst decides. */
    PAYMENT_HELD,
    /** An analyst released a held payment to a payee at this bank: the clearing account debited, the payee credited. */
    PAYMENT_RELEASED;

    /**
     * The kind as histories show it, to customers and tellers alike: a held payment reads as a payment on its way and
     * its release as a payment, so nobody outside fraud monitoring learns that a payment was held (no tipping off).
     */
    public EntryKind shown() {
        return switch (this) {
            case PAYMENT_HELD -> PAYMENT_OUT;
            case PAYMENT_RELEASED -> PAYMENT;
            case DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING, DISBURSEMENT, LOAN_REPAYMENT, PAYMENT, PAYMENT_OUT,
                 PAYMENT_SETTLED, PAYMENT_RETURNED -> this;
        };
    }

    /** Why an entry of this kind cannot be reversed, or empty when it can. */
    public Optional<String> whyNotReversible() {
        return switch (this) {
            case DEPOSIT, WITHDRAWAL, TRANSFER -> Optional.empty();
            case REVERSAL -> Optional.of("itself a reversal");
            case OPENING -> Optional.of("an account opening");
            // A loan's schedule and status follow these entries; undoing one would leave the loan book wrong.
            case DISBURSEMENT -> Optional.of("a loan disbursement");
            case LOAN_REPAYMENT -> Optional.of("a loan repayment");
            // Money paid to another customer is theirs: a refund is a new payment from them, and the payment stays paid.
            case PAYMENT -> Optional.of("a payment to another customer");
            // The provider decides these: money sent out comes back only as a PAYMENT_RETURNED entry.
            case PAYMENT_OUT -> Optional.of("a payment to another bank");
            case PAYMENT_SETTLED -> Optional.of("a settled payment to another bank");
            case PAYMENT_RETURNED -> Optional.of("a returned payment");
            // An analyst decides a hold: it ends as a release or a return, never as a mirror image.
            case PAYMENT_HELD -> Optional.of("a held payment");
            case PAYMENT_RELEASED -> Optional.of("a released payment");
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
