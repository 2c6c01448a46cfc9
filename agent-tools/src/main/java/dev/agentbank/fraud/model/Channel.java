package dev.agentbank.fraud.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a movement came about: through which transport, client and session, whether a model proposed it, and how a human
 * confirmed it. Read from the event the posting wrote; the ledger's own jobs and the bank's staff tools carry
 * {@link #SYSTEM}.
 *
 * @param transport       e.g. {@code mcp-stdio}, {@code mcp-http}, {@code chat}, {@code cli}, {@code system}
 * @param client          the MCP client's declared name, or "unknown"
 * @param session         the transport's session id, or "none"
 * @param proposedByModel whether an agent's tool call asked for it
 * @param confirmation    present when a human confirmed it: how, and how long after being asked
 */
public record Channel(String transport, String client, String session, boolean proposedByModel,
                      Optional<Confirmation> confirmation) {
    public static final Channel SYSTEM = new Channel("system", "unknown", "none", false, Optional.empty());

    public Channel {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(session, "session");
        confirmation = Objects.requireNonNullElse(confirmation, Optional.empty());
    }

    /** Whether the session id names a real session that other events can share. */
    public boolean hasSession() {
        return !session.equals("none") && !session.equals("unknown") && !session.isBlank();
    }

    /** A human's answer: the channel it came through (e.g. {@code mcp-elicitation}, {@code cli}) and its delay. */
    public record Confirmation(String method, Duration answeredIn) {
        public Confirmation {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(answeredIn, "answeredIn");
        }

        /**
         * Whether the human was asked and answered within the session (an elicitation form, the chat terminal). An
         * approval given earlier at {@code ./bank approvals} reaches the retry at once, so its delay says nothing.
         */
        public boolean askedInSession() {
            return !method.startsWith("pending-approval");
        }
    }
}
