package dev.agentbank.identity.jdbc;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.events.EventStream;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which MCP clients each principal's tokens were used from. The first use from a client name the principal never used
 * is an event (fraud monitoring's "new client" signal); after that a process remembers the pair, so a call costs no
 * query.
 */
public final class ClientRegistry {
    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);
    private static final String INSERT = """
            INSERT INTO principal_client (principal, client, first_seen) VALUES (?, ?, ?)
            ON CONFLICT DO NOTHING RETURNING first_seen""";

    private final Jdbc jdbc;
    private final Clock clock;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public ClientRegistry(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void seen(Principal principal, CallContext context) {
        String client = context.client();
        if (client.equals("unknown") || !known.add(principal.encoded() + "\n" + client)) {
            return;
        }
        Instant now = clock.instant();
        Long customer = principal instanceof Principal.CustomerPrincipal c ? c.customerId() : null;
        try {
            jdbc.run("note the client", connection -> {
                boolean first;
                try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                    statement.setString(1, principal.encoded());
                    statement.setString(2, client);
                    statement.setObject(3, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                    try (ResultSet rs = statement.executeQuery()) {
                        first = rs.next();
                    }
                }
                if (first) {
                    EventStream.append(connection, EventStream.Kind.CLIENT_FIRST_SEEN, principal.actor(), customer, now,
                            Map.of("client", client, "transport", context.transport(), "session", context.session()));
                }
            });
        } catch (RuntimeException e) {
            known.remove(principal.encoded() + "\n" + client);
            log.warn("could not note the client of a call: {}", e.toString());
        }
    }
}
