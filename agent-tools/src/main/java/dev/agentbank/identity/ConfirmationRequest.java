package dev.agentbank.identity;

/**
 * Something only the human behind a session may agree to (a money movement today; consent or a new payee next),
 * described in full so the human sees exactly what they approve.
 */
public interface ConfirmationRequest {
    /** A short lower-case noun for prompts, e.g. "transfer". */
    String subject();

    /** Every detail, one per line, for a terminal or an elicitation form. Outside text is quoted as data. */
    String describe();

    /**
     * What else makes two requests the same besides their text, e.g. the idempotency key of the call that asked: an
     * approval given outside the session then answers only that call's retry, never a later look-alike.
     */
    default String binding() {
        return "";
    }
}
