package dev.agentbank.shared.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the next event to commit, with LISTEN on a connection of its own, or for {@code poll} at most: a lost
 * connection or notification then costs one poll interval, never an event. Used by one job thread at a time.
 */
public final class EventWakeup implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventWakeup.class);

    /** Opens a new connection to the bank's database. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Duration poll;
    private Connection listening;

    public EventWakeup(Connector connector, Duration poll) {
        this.connector = connector;
        this.poll = poll;
    }

    /** Returns when an event may have committed: on a notification, or after the poll interval. */
    public void await() throws InterruptedException {
        try {
            if (listening == null || listening.isClosed()) {
                listening = connector.connect();
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN bank_event");
                }
                return; // events may have committed before LISTEN: look now
            }
            listening.unwrap(PGConnection.class).getNotifications((int) poll.toMillis());
        } catch (SQLException e) {
            log.debug("event wake-up connection lost, polling: {}", e.toString());
            closeQuietly();
            Thread.sleep(poll.toMillis());
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (listening != null) {
            try {
                listening.close();
            } catch (SQLException ignored) {
                // already gone
            }
            listening = null;
        }
    }
}
