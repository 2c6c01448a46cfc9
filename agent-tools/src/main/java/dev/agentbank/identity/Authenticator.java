package dev.agentbank.identity;

import java.util.Optional;

/** Finds the principal a bearer token stands for: empty for a missing, unknown, revoked or expired token. */
@FunctionalInterface
public interface Authenticator {
    /** @throws RuntimeException when the token store cannot be asked (the caller answers "try later") */
    Optional<Principal> authenticate(String token);
}
