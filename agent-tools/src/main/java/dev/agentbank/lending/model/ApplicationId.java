package dev.agentbank.lending.model;

import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.text.RandomIds;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The number of one loan application, as the customer and the model see it: "LA-" and twelve characters of Crockford's
 * base32 (digits and upper-case letters without I, L, O and U, so it cannot be misread), 60 random bits. It says
 * nothing about the customer or the order of applications, so it can be shown and typed back safely.
 */
public record ApplicationId(String value) {
    private static final RandomIds IDS = new RandomIds("LA");

    public ApplicationId {
        if (!IDS.isValid(value)) {
            throw new IllegalArgumentException("an application id is LA- and twelve characters of 0-9 and A-Z without I, L, O, U");
        }
    }

    /** Lenient at the edge: trims and upper-cases. Empty when the text is not an application id. */
    public static Optional<ApplicationId> parse(String text) {
        return IDS.parse(text).map(ApplicationId::new);
    }

    /** The id a caller gave, as {@link #parse}; refused in one sentence when it is not an application id. */
    public static ApplicationId required(String text) {
        return parse(text).orElseThrow(() -> new InvalidRequest("application_id must be LA- and twelve letters and digits,"
                + " such as LA-7K3M9QX2B4TD; list_loan_applications shows them."));
    }

    /** A new id from 60 bits of the generator; pass a {@link java.security.SecureRandom} in production. */
    public static ApplicationId random(RandomGenerator random) {
        return new ApplicationId(IDS.next(random));
    }

    @Override
    public String toString() {
        return value;
    }
}
