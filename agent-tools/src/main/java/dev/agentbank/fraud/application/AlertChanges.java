package dev.agentbank.fraud.application;

import dev.agentbank.fraud.application.AlertDesk.AlertChange;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells this process's listeners (dashboards, MCP subscriptions) about new alerts and changes, after they commit. */
public final class AlertChanges {
    private static final Logger log = LoggerFactory.getLogger(AlertChanges.class);
    private final List<Consumer<AlertChange>> listeners = new CopyOnWriteArrayList<>();

    public AutoCloseable subscribe(Consumer<AlertChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(AlertChange change) {
        for (Consumer<AlertChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("an alert listener failed: {}", e.toString());
            }
        }
    }
}
