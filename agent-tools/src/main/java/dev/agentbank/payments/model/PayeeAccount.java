package dev.agentbank.payments.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.InvalidRequest;
import java.util.Locale;
import java.util.Objects;
import org.iban4j.Iban;
import org.iban4j.Iban4jException;

/**
 * Where a payee is paid: an account of this bank, or an external IBAN (validated by iban4j, kept in its electronic
 * form). Parsing checks only the format and check digits: whether an internal account exists is never told.
 */
public sealed interface PayeeAccount {
    /** As stored and paid: an AB number, or an IBAN without spaces. */
    String value();

    Kind kind();

    enum Kind { INTERNAL, EXTERNAL }

    record Internal(AccountNumber number) implements PayeeAccount {
        public Internal {
            Objects.requireNonNull(number, "number");
        }

        @Override
        public String value() {
            return number.value();
        }

        @Override
        public Kind kind() {
            return Kind.INTERNAL;
        }
    }

    record External(String iban) implements PayeeAccount {
        public External {
            Iban.valueOf(iban); // throws when it is not a valid IBAN in electronic form
        }

        @Override
        public String value() {
            return iban;
        }

        /** Groups of four, as the customer reads it on paper. */
        public String printed() {
            return Iban.valueOf(iban).toFormattedString();
        }

        @Override
        public Kind kind() {
            return Kind.EXTERNAL;
        }
    }

    /** An AB number of this bank, or an IBAN; spaces are ignored, letters upper-cased. */
    static PayeeAccount parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequest("account is required: an account number of this bank (AB...) or an IBAN.");
        }
        if (text.length() > 64) {
            throw new InvalidRequest("account is too long to be an account number or an IBAN.");
        }
        String compact = text.replace(" ", "").strip().toUpperCase(Locale.ROOT);
        if (compact.startsWith("AB")) {
            return AccountNumber.parse(compact).<PayeeAccount>map(Internal::new).orElseThrow(() -> new InvalidRequest(
                    "account " + compact + " is not a valid account number of this bank: AB and ten digits whose last two are a check."));
        }
        try {
            return new External(Iban.valueOf(compact).toString());
        } catch (Iban4jException e) {
            throw new InvalidRequest("account is not a valid IBAN: " + sentence(e.getMessage()));
        } catch (RuntimeException e) {
            throw new InvalidRequest("account is not a valid IBAN.");
        }
    }

    private static String sentence(String message) {
        if (message == null || message.isBlank()) {
            return "it failed validation.";
        }
        String line = message.strip().replaceAll("\\s+", " ");
        return line.endsWith(".") ? line : line + ".";
    }

    /** Rebuilds a stored account; the kind and value came from {@link #parse}. */
    static PayeeAccount stored(Kind kind, String value) {
        return switch (kind) {
            case INTERNAL -> new Internal(new AccountNumber(value));
            case EXTERNAL -> new External(value);
        };
    }
}
