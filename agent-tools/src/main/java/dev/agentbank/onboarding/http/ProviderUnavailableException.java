package dev.agentbank.onboarding.http;

/** A read from the provider failed after its retries. The message is our own one-line reason, never the token. */
public final class ProviderUnavailableException extends RuntimeException {
    public ProviderUnavailableException(String message) {
        super(message, null, false, false);
    }
}
