package dev.agentbank.shared.money;

import java.util.Currency;
import java.util.Locale;
import java.util.Optional;

/** Parses ISO 4217 codes supplied at the edge. */
public final class Currencies {
    private Currencies() {}

    public static Optional<Currency> parse(String code) {
        if (code == null || !code.strip().matches("[A-Za-z]{3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Currency.getInstance(code.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
