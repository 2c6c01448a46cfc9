package dev.agentbank.fraud.model;

import dev.agentbank.fraud.model.ChannelActivity.ClientSeen;
import dev.agentbank.shared.text.PlainText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An outflow from an MCP client first seen for this customer less than {@code window} before it, when the customer
 * already used other clients: a token copied into a stranger's tool. A customer's very first client is not suspect.
 */
public record NewClientRule(Duration window, int score) implements Rule {
    /** Client names are chosen by whoever runs the client, so evidence shows them clipped and printable. */
    private static final int NAME_LENGTH = 60;
    private static final int NAMES_SHOWN = 5;

    public static NewClientRule defaults() {
        return new NewClientRule(Duration.ofHours(24), 20);
    }

    public String id() {
        return "new-mcp-client";
    }

    public String version() {
        return "2026-12-v1";
    }

    public Optional<Hit> judge(Movement movement, AccountActivity history) {
        String client = movement.channel().client();
        if (!movement.isOut() || client.equals("unknown") || client.isBlank()) {
            return Optional.empty();
        }
        List<ClientSeen> seen = history.channel().clientsSeen();
        // only the customer's own clients are listed (first use is recorded before the call runs); a client not
        // listed is staff's, acting for the customer, and says nothing about the customer's token
        Optional<Instant> listed = seen.stream().filter(c -> c.client().equals(client)).map(ClientSeen::at).min(Instant::compareTo);
        if (listed.isEmpty()) {
            return Optional.empty();
        }
        Instant firstSeen = listed.get();
        Duration age = Duration.between(firstSeen, movement.at());
        if (age.compareTo(window) >= 0) {
            return Optional.empty();
        }
        List<String> before = seen.stream().filter(c -> c.at().isBefore(firstSeen) && !c.client().equals(client))
                .map(ClientSeen::client).distinct().toList();
        if (before.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Hit(id(), version(), score, "outflow of " + movement.amount() + " from client " + quoted(client)
                + ", first used " + Words.duration(age) + " earlier; clients known before: " + names(before)
                + " (rule: a new client within " + Words.duration(window) + ")"));
    }

    private static String names(List<String> clients) {
        String shown = clients.stream().limit(NAMES_SHOWN).map(NewClientRule::quoted).collect(Collectors.joining(", "));
        return clients.size() > NAMES_SHOWN ? shown + " and " + (clients.size() - NAMES_SHOWN) + " more" : shown;
    }

    private static String quoted(String client) {
        return "\"" + PlainText.oneLine(client, NAME_LENGTH) + "\"";
    }
}
