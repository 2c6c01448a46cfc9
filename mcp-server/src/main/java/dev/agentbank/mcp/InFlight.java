package dev.agentbank.mcp;

import java.time.Duration;

/**
 * Counts tool calls under way, so a stopping server can let them answer before the database closes, and tells a
 * listener how each call ended (the metrics).
 */
public final class InFlight {
    /** How a tool call ended: answered, refused (scope, arguments, a business rule, nobody signed in) or failed. */
    public enum Outcome { OK, REFUSED, ERROR }

    /** Told about every finished call, on the calling thread: keep it cheap. */
    @FunctionalInterface
    public interface Listener {
        void ended(String tool, Outcome outcome, Duration took);
    }

    private final Listener listener;
    private int running;

    public InFlight() {
        this((tool, outcome, took) -> {});
    }

    public InFlight(Listener listener) {
        this.listener = listener;
    }

    synchronized void enter() {
        running++;
    }

    void exit(String tool, Outcome outcome, Duration took) {
        try {
            listener.ended(tool, outcome, took);
        } finally {
            synchronized (this) {
                running--;
                notifyAll();
            }
        }
    }

    /** Calls under way now. */
    public synchronized int running() {
        return running;
    }

    /** Waits until no call is running, at most {@code limit}; true when none is. */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
