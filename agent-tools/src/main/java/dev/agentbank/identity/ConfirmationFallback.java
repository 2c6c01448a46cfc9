package dev.agentbank.identity;

/**
 * What a tool call's human channel becomes when it cannot ask (an MCP client without elicitation, a token-based HTTP
 * client): applied once, where each call's scope is made, so every request other than a money movement can wait for
 * a human outside the session instead of failing.
 */
@FunctionalInterface
public interface ConfirmationFallback {
    /** The call's own human channel, for calls made by {@code principal}, with whatever this fallback adds. */
    HumanConfirmation around(Principal principal, CallContext context);
}
