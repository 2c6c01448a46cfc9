package dev.agentbank.ledger.model;

import java.util.Locale;
import java.util.Optional;

public enum EntryKind {
    DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL, OPENING;

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
