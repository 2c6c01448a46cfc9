package dev.agentbank.app.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Ending child processes: politely first, then for sure. */
final class Processes {
    private Processes() {}

    /** SIGTERM, then SIGKILL after {@code grace}; returns once the process is gone. */
    static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
