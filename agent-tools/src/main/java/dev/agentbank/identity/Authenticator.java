package dev.agentbank.identity;

import java.util.Optional;

/** Finds the principal a bearer token stands for: empty for a missing, unknown, revoked or expired token. */
@FunctionalInterface
public interface Authenticator {
    /** @throws RuntimeException when the token store cannot be asked (the caller answers "try later") */
    Optional<Principal> authenticate(String token);

    /**
     * Asks again later whether the token just checked is still live, e.g. for a browser session that signed in with
     * it: the principal while it is, empty once it is revoked or expired. Token stores override it to keep only a
     * digest, never the token.
     */
    default java.util.function.Supplier<Optional<Principal>> liveness(String token) {
        return () -> authenticate(token);
    }
}
