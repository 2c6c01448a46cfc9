package dev.agentbank.fraud.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the customer's agents did besides moving money, oldest first: confirmations asked and how they ended, payees
 * added, and the MCP clients their tokens were used from. The agent-channel rules read it.
 */
public record ChannelActivity(List<Decision> decisions, List<PayeeAdded> payeesAdded, List<ClientSeen> clientsSeen) {
    public static final ChannelActivity NONE = new ChannelActivity(List.of(), List.of(), List.of());

    public ChannelActivity {
        decisions = List.copyOf(decisions);
        payeesAdded = List.copyOf(payeesAdded);
        clientsSeen = List.copyOf(clientsSeen);
    }

    public enum Outcome { CONFIRMED, DECLINED, EXPIRED }

    /** A confirmation the customer was asked for, and how it ended. */
    public record Decision(Instant at, Outcome outcome, String session) {
        public Decision {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(session, "session");
        }
    }

    /** A payee the customer added, in which session. */
    public record PayeeAdded(Instant at, String payeeId, String session) {
        public PayeeAdded {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(payeeId, "payeeId");
            Objects.requireNonNull(session, "session");
        }
    }

    /** The first use of a token for this customer from a client of this name. */
    public record ClientSeen(Instant at, String client) {
        public ClientSeen {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(client, "client");
        }
    }
}
