package dev.agentbank.payments.model;

import dev.agentbank.shared.text.RandomIds;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** A payment's id, "PM-" and twelve characters of Crockford's base32; also its idempotency key at the provider. */
public record PaymentId(String value) {
    private static final RandomIds IDS = new RandomIds("PM");

    public PaymentId {
        if (!IDS.isValid(value)) {
            throw new IllegalArgumentException("a payment id is PM- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not a payment id. */
    public static Optional<PaymentId> parse(String text) {
        return IDS.parse(text).map(PaymentId::new);
    }

    public static PaymentId random(RandomGenerator random) {
        return new PaymentId(IDS.next(random));
    }

    @Override
    public String toString() {
        return value;
    }
}
