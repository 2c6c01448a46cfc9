package dev.agentbank.mcp;

import java.time.Duration;

/** Counts tool calls under way, so a stopping server can let them answer before the database closes. */
public final class InFlight {
    private int running;

    synchronized void enter() {
        running++;
    }

    synchronized void exit() {
        running--;
        notifyAll();
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
