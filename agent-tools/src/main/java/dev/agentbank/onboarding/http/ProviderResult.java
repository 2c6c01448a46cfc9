package dev.agentbank.onboarding.http;

import dev.agentbank.onboarding.model.ProviderAccount;

/**
 * What became of {@code POST /v1/accounts}. Only {@link Opened} and {@link Rejected} are final: {@link Unavailable}
 * means the provider certainly did not act, {@link Unknown} that it may have; either way the same Idempotency-Key
 * may be sent again. Reasons are our own words, never an exception's message, and never carry the token.
 */
public sealed interface ProviderResult {
    /** 201: the account exists at the provider (perhaps from an earlier call with the same key). */
    record Opened(ProviderAccount account) implements ProviderResult {}

    /** A definite 4xx refusal: nothing was opened. {@code code} and {@code message} come from the provider's error body. */
    record Rejected(int status, String code, String message) implements ProviderResult {}

    /** The provider could not be reached, or kept refusing for load, on every attempt: nothing was opened. */
    record Unavailable(String reason) implements ProviderResult {}

    /** No trustworthy answer (timeout, 5xx, broken connection, malformed body): the account may or may not exist. */
    record Unknown(String reason) implements ProviderResult {}
}
