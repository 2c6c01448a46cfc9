package dev.agentbank.payments.model;

import dev.agentbank.shared.text.RandomIds;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A payee's id, "PY-" and twelve characters of Crockford's base32 (60 random bits): says nothing about its owner. */
public record PayeeId(String value) {
    private static final RandomIds IDS = new RandomIds("PY");

    public PayeeId {
        if (!IDS.isValid(value)) {
            throw new IllegalArgumentException("a payee id is PY- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not a payee id. */
    public static Optional<PayeeId> parse(String text) {
        return IDS.parse(text).map(PayeeId::new);
    }

    /** A new id from 60 bits of the generator; pass a {@link java.security.SecureRandom} in production. */
    public static PayeeId random(RandomGenerator random) {
        return new PayeeId(IDS.next(random));
    }

    @Override
    public String toString() {
        return value;
    }
}
