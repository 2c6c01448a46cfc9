package dev.agentbank.ledger.model;

import java.util.Locale;
import java.util.Optional;

/** What a journal entry records. Each kind answers for itself whether a reversal may mirror it. */
public enum EntryKind {
    DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING;

    /** Why an entry of this kind cannot be reversed, or empty when it can. */
    public Optional<String> whyNotReversible() {
        return switch (this) {
            case DEPOSIT, WITHDRAWAL, TRANSFER -> Optional.empty();
            case REVERSAL -> Optional.of("itself a reversal");
            case OPENING -> Optional.of("an account opening");
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
