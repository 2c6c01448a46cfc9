package dev.agentbank.shared.jdbc;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded PostgreSQL a process uses and starts it again when its postmaster dies (the OOM killer, a
 * crash, a {@code kill -9}): on the same data directory, so PostgreSQL replays its WAL, and on the same port when it
 * can. Restarts back off; after the last one fails the process says so once and stays unavailable, starting nothing
 * more but adopting a server that another process starts (any {@code ./bank} command does, once the cause is fixed). While the server is away, {@link #unavailable()} says why, so calls
 * fail at once instead of waiting for the pool.
 */
public final class EmbeddedSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSupervisor.class);

    /**
     * How restarts are spaced and how many there are in a row. A server that stops again within {@code stableAfter} of
     * coming back continues the same row, so one that keeps dying runs out of tries instead of restarting forever.
     */
    public record Policy(Duration watchEvery, List<Duration> backoff, Duration startupWait, Duration lookAfterGivingUp,
                         Duration stableAfter) {
        public static final Policy DEFAULT = new Policy(Duration.ofMillis(200),
                List.of(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                        Duration.ofSeconds(4), Duration.ofSeconds(8)),
                Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    private enum State { UP, RESTARTING, GAVE_UP }

    private final EmbeddedPostgresServer server;
    private final Policy policy;
    private final Watchers.Watch watching;
    private final Thread thread;
    private volatile State state = State.UP;
    private volatile boolean closed;
    private volatile int restarts;
    private int triesInARow; // only the watch thread touches these two
    private long backSince;

    private EmbeddedSupervisor(EmbeddedPostgresServer server, Policy policy) {
        this.server = server;
        this.policy = policy;
        this.watching = Watchers.join(server.dataDirectory());
        this.thread = Thread.ofPlatform().daemon().name("embedded-postgres-watch").unstarted(this::watch);
        this.backSince = System.nanoTime() - policy.stableAfter().toNanos(); // the first outage starts a fresh row
    }

    public static EmbeddedSupervisor watch(EmbeddedPostgresServer server, Policy policy) {
        EmbeddedSupervisor supervisor = new EmbeddedSupervisor(server, policy);
        supervisor.thread.start();
        return supervisor;
    }

    /** Why the database cannot be used now; empty while it runs. */
    public Optional<String> unavailable() {
        return switch (state) {
            case UP -> Optional.empty();
            case RESTARTING -> Optional.of("the embedded PostgreSQL is restarting");
            case GAVE_UP -> Optional.of("the embedded PostgreSQL would not stay up; see " + logFile());
        };
    }

    /** How many times this process brought the server back. */
    public int restarts() {
        return restarts;
    }

    private void watch() {
        try {
            while (!closed) {
                if (!pause(state == State.GAVE_UP ? policy.lookAfterGivingUp() : policy.watchEvery())) {
                    return;
                }
                if (state == State.GAVE_UP) {
                    if (server.adoptRunning()) {
                        log.info("embedded PostgreSQL is back on port {}, started by another process", server.port());
                        triesInARow = 0; // someone fixed what stopped it: a fresh row of tries
                        backSince = System.nanoTime();
                        state = State.UP;
                    }
                } else if (!server.postmasterAlive()) {
                    if (server.adoptRunning()) {
                        backSince = System.nanoTime(); // another process restarted it: part of the same row
                    } else {
                        recover();
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            if (!closed) { // a watcher that died must not leave calls refused as "restarting" for ever
                state = State.GAVE_UP;
                log.error("watching embedded PostgreSQL failed; this process no longer restarts it", e);
            }
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    private void recover() {
        long died = System.nanoTime();
        state = State.RESTARTING;
        log.warn("embedded PostgreSQL (pid {}, port {}) has stopped; starting it again on {}", server.postmasterPid(),
                server.port(), server.dataDirectory());
        if (System.nanoTime() - backSince >= policy.stableAfter().toNanos()) {
            triesInARow = 0; // it had run long enough: a new outage, not the same one again
        }
        String last = "stopped again soon after each restart";
        while (triesInARow < policy.backoff().size()) {
            if (!pause(policy.backoff().get(triesInARow++))) {
                return;
            }
            try {
                boolean started = server.startAgain(policy.startupWait());
                if (started) {
                    restarts++;
                }
                backSince = System.nanoTime();
                state = State.UP;
                log.info("embedded PostgreSQL is back on port {}, {} ms after it stopped{}", server.port(),
                        Duration.ofNanos(System.nanoTime() - died).toMillis(), started ? "" : " (started by another process)");
                return;
            } catch (IOException | RuntimeException | LinkageError e) { // zonky fails to load when its binaries are gone
                last = e.getMessage();
                log.debug("starting embedded PostgreSQL again failed", e);
            }
        }
        state = State.GAVE_UP;
        log.error("embedded PostgreSQL in {} would not stay up after {} tries in a row (last: {}); this process stays not ready "
                        + "until it runs again (any ./bank command starts it once the cause is fixed); see {}",
                server.dataDirectory(), policy.backoff().size(), last, logFile());
    }

    private String logFile() {
        return server.dataDirectory().resolveSibling(server.dataDirectory().getFileName() + ".log").toString();
    }

    /** Sleeps; false once closed or interrupted. */
    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops watching; a restart under way is abandoned at its next step. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            watching.close();
        }
    }
}
