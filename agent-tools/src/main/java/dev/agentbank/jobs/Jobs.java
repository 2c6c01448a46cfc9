package dev.agentbank.jobs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background jobs of one long-running process (the MCP server, the chat): each on its own daemon thread, so a
 * slow pass of one never delays another. A failed pass is logged with the job's name and retried at the next
 * interval. {@link #close} lets a running pass finish before the resources under it close.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Jobs.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final Map<String, ScheduledExecutorService> running = new LinkedHashMap<>();
    private final Map<String, Passes> passes = new ConcurrentHashMap<>();
    private boolean closed;

    /** Starts a job now; a name can run once per process. */
    public synchronized Jobs start(Job job) {
        if (closed) {
            throw new IllegalStateException("jobs are stopped; cannot start " + job.name());
        }
        if (running.containsKey(job.name())) {
            throw new IllegalStateException("job " + job.name() + " is already running");
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "job-" + job.name());
            thread.setDaemon(true);
            return thread;
        });
        Passes record = new Passes();
        passes.put(job.name(), record);
        executor.scheduleWithFixedDelay(() -> runPass(job, record), job.first().toMillis(), job.interval().toMillis(), TimeUnit.MILLISECONDS);
        running.put(job.name(), executor);
        log.debug("job {} started, every {}", job.name(), job.interval());
        return this;
    }

    public synchronized List<String> names() {
        return List.copyOf(running.keySet());
    }

    /** Stops one job, waiting for its running pass. */
    public void stop(String name) {
        ScheduledExecutorService executor;
        synchronized (this) {
            executor = running.remove(name);
        }
        if (executor != null) {
            stopAndWait(name, executor);
        }
    }

    @Override
    public void close() {
        List<String> names;
        synchronized (this) {
            closed = true;
            names = List.copyOf(running.keySet());
        }
        names.forEach(this::stop);
    }

    /** How one job's passes went, for metrics: time since its last good pass (since it started, before any) and failures. */
    public static final class Passes {
        private volatile long lastSuccess = System.nanoTime();
        private volatile long failures;

        public Duration sinceLastSuccess() {
            return Duration.ofNanos(System.nanoTime() - lastSuccess);
        }

        public long failures() {
            return failures;
        }
    }

    /** Each started job's passes, by name. */
    public Map<String, Passes> passes() {
        return Map.copyOf(passes);
    }

    private static void runPass(Job job, Passes record) {
        try {
            job.pass().run();
            record.lastSuccess = System.nanoTime();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            record.failures++; // one thread per job: no lost update
            // The class name only: messages of infrastructure exceptions can carry connection details.
            log.warn("job {} failed, will retry in {}: {}", job.name(), job.interval(), e.getClass().getSimpleName());
            log.debug("job {} failure", job.name(), e);
        }
    }

    private static void stopAndWait(String name, ScheduledExecutorService executor) {
        // No interrupt: a pass that is recording something finishes cleanly; later passes are cancelled.
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("job {} did not finish its pass within {} s; stopping it", name, STOP_WAIT_SECONDS);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
