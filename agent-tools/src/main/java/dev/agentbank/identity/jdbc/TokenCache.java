package dev.agentbank.identity.jdbc;

import dev.agentbank.identity.Principal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live tokens' principals by digest, so a request costs no query. A revocation commits with a NOTIFY on
 * {@link #CHANNEL}; every process LISTENs on a connection of its own and forgets everything it holds when one
 * arrives. While that connection is down nothing is served from memory: a missed notification can never leave a
 * revoked token working; nor while it has not proved alive within the last few seconds (a connection can die
 * without an error). Expiry is checked against the cached expiry time on every use.
 */
public final class TokenCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TokenCache.class);
    public static final String CHANNEL = "api_token_revoked";
    /** How the listening connection names itself in pg_stat_activity. */
    public static final String APPLICATION_NAME = "agentbank-token-revocations";
    private static final int MAX_ENTRIES = 10_000;
    private static final int WAIT_MILLIS = 500;
    private static final java.time.Duration HEARTBEAT = java.time.Duration.ofSeconds(1);
    private static final java.time.Duration HEARTBEAT_LIMIT = java.time.Duration.ofSeconds(3);

    /** Opens a new connection to the bank's database. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    record Entry(Principal principal, Optional<Instant> expiresAt) {
        boolean liveAt(Instant now) {
            return expiresAt.isEmpty() || expiresAt.get().isAfter(now);
        }
    }

    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();
    // Bumped on every forget: a lookup that started before a revocation must not store its (now stale) answer.
    private final AtomicLong generation = new AtomicLong();
    private final Connector connector;
    private final Thread listener;
    private volatile boolean listening;
    // A connection that died silently (a host gone, a dropped NAT entry) delivers no notification and no error:
    // a query every HEARTBEAT proves it alive, and memory is trusted only while one succeeded recently.
    private volatile long lastHeartbeat;
    private volatile boolean closed;

    private TokenCache(Connector connector) {
        this.connector = connector;
        this.listener = Thread.ofPlatform().daemon().name("token-revocations").unstarted(this::listen);
    }

    /** Starts listening for revocations; serves from memory once LISTEN is in place. */
    public static TokenCache start(Connector connector) {
        TokenCache cache = new TokenCache(connector);
        cache.listener.start();
        return cache;
    }

    /** Whether answers may come from memory now: listening, and the connection proved alive a moment ago. */
    boolean serving() {
        return listening && !closed && System.nanoTime() - lastHeartbeat < HEARTBEAT_LIMIT.toNanos();
    }

    Optional<Entry> get(byte[] digest, Instant now) {
        if (!serving()) {
            return Optional.empty();
        }
        return Optional.ofNullable(entries.get(ByteBuffer.wrap(digest))).filter(entry -> entry.liveAt(now));
    }

    long generation() {
        return generation.get();
    }

    /** Keeps a live token's principal, unless a revocation arrived since {@code seenGeneration}. */
    void put(byte[] digest, Entry entry, long seenGeneration) {
        if (!serving() || entries.size() >= MAX_ENTRIES) {
            return;
        }
        entries.put(ByteBuffer.wrap(digest.clone()), entry);
        if (generation.get() != seenGeneration) {
            entries.clear(); // raced a revocation: drop what may be stale
        }
    }

    void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = connector.connect()) {
                connection.setNetworkTimeout(Runnable::run, (int) HEARTBEAT_LIMIT.toMillis());
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET application_name = '" + APPLICATION_NAME + "'");
                    statement.execute("LISTEN " + CHANNEL);
                }
                forgetAll(); // revocations while we were not listening went unheard
                lastHeartbeat = System.nanoTime();
                listening = true;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    var notifications = pg.getNotifications(WAIT_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        forgetAll();
                    }
                    if (System.nanoTime() - lastHeartbeat >= HEARTBEAT.toNanos()) {
                        try (Statement statement = connection.createStatement()) {
                            statement.execute("SELECT 1"); // fails within the network timeout on a dead connection
                        }
                        lastHeartbeat = System.nanoTime();
                    }
                }
            } catch (SQLException e) {
                log.debug("token revocation listener lost its connection: {}", e.toString());
            } finally {
                listening = false;
                forgetAll();
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        forgetAll();
    }
}
