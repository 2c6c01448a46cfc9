package dev.agentbank.identity;

import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.shared.text.PlainText;

/**
 * Where a tool call comes from, recorded in the audit log with every call.
 *
 * @param transport  e.g. {@code mcp-stdio}, {@code mcp-http}, {@code chat}
 * @param client     the client's name and version as it declared them, or "unknown"
 * @param session    the transport's session id, or "none"
 * @param human      how to ask the human behind this session to confirm money movements above the threshold
 */
public record CallContext(String transport, String client, String session, HumanConfirmation human) {
    private static final String DIRECT = "direct";

    public CallContext {
        transport = clip(transport);
        client = clip(client);
        session = clip(session);
        human = human == null ? HumanConfirmation.UNAVAILABLE : human;
    }

    /** A session that cannot ask its human: movements above the threshold wait for {@code ./bank approvals}. */
    public CallContext(String transport, String client, String session) {
        this(transport, client, session, HumanConfirmation.UNAVAILABLE);
    }

    /** A request made directly by the bank's own code or a person at {@code ./bank}, not by an agent. */
    public static CallContext direct(HumanConfirmation human) {
        return new CallContext(DIRECT, "unknown", "none", human);
    }

    /**
     * Where a request came from, kept with its posting and in the transaction event fraud monitoring reads: every call
     * through the tool box is an agent's, so a model proposed it.
     */
    public java.util.Map<String, Object> provenance() {
        return java.util.Map.of("transport", transport, "client", client, "session", session,
                "proposed_by_model", !transport.equals(DIRECT));
    }

    /** The same call, asking its human through {@code other}. */
    public CallContext withHuman(HumanConfirmation other) {
        return new CallContext(transport, client, session, other);
    }

    private static String clip(String text) {
        if (text == null || text.isBlank()) {
            return "unknown";
        }
        return PlainText.clip(text, 120);
    }
}
