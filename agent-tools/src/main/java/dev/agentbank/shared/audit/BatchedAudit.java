package dev.agentbank.shared.audit;

import dev.agentbank.shared.Actor;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of requests that changed nothing (reads, refusals; calls of tools that change state are written at once),
 * written together every {@link #WINDOW} in one
 * transaction with {@code synchronous_commit = off} instead of one synchronous commit each. The price, stated: if
 * the process dies, the records of its last {@link #WINDOW} of requests; if PostgreSQL itself crashes, up to
 * {@code 3 x wal_writer_delay} (0.6 s by default) of committed ones. A money movement's record never comes here: it
 * commits with its posting (see {@link CallRecord}).
 */
public final class BatchedAudit implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchedAudit.class);
    public static final Duration WINDOW = Duration.ofMillis(100);
    // While the database is away the queue waits for it, up to this many records; beyond, the oldest are dropped (logged).
    private static final int MAX_QUEUED = 50_000;
    private static final String INSERT = """
            WITH event AS (
                INSERT INTO audit_event (occurred_at, actor, action, subject, details, outcome)
                SELECT * FROM unnest(?::text[]::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                ORDER BY 1
                RETURNING id)
            INSERT INTO audit_pending (event_id) SELECT id FROM event""";

    private record Pending(OffsetDateTime at, String actor, String action, String subject, String details, String outcome) {}

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final ScheduledExecutorService flusher;
    private final Object lock = new Object();
    private List<Pending> queue = new ArrayList<>();
    private boolean scheduled;
    private long dropped;

    public BatchedAudit(Jdbc jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.flusher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("audit-batch").factory());
    }

    public void record(Actor actor, String action, String subject, Map<String, ?> details, String outcome) {
        Pending pending = new Pending(OffsetDateTime.ofInstant(audit.now(), ZoneOffset.UTC), actor.id(), action, subject,
                CanonicalJson.write(details), outcome);
        if (flusher.isShutdown()) {
            write(List.of(pending)); // after close (a call the drain gave up on): nobody would flush it
            return;
        }
        synchronized (lock) {
            if (queue.size() >= MAX_QUEUED) {
                queue.removeFirst();
                dropped++;
            }
            queue.add(pending);
            if (!scheduled) {
                scheduled = true;
                flusher.schedule(this::flushQuietly, WINDOW.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Writes everything queued so far; false when the database refused (the records stay queued). */
    public boolean flush() {
        List<Pending> batch;
        long lost;
        synchronized (lock) {
            batch = queue;
            queue = new ArrayList<>();
            scheduled = false;
            lost = dropped;
            dropped = 0;
        }
        if (lost > 0) {
            log.warn("dropped {} audit records of calls that changed nothing, while the database was away", lost);
        }
        if (batch.isEmpty()) {
            return true;
        }
        try {
            write(batch);
            return true;
        } catch (RuntimeException e) {
            log.warn("could not write {} audit records yet: {}", batch.size(), e.toString());
            synchronized (lock) {
                batch.addAll(queue);
                queue = batch;
                if (!scheduled && !flusher.isShutdown()) {
                    scheduled = true;
                    flusher.schedule(this::flushQuietly, 1, TimeUnit.SECONDS);
                }
            }
            return false;
        }
    }

    private void write(List<Pending> batch) {
        jdbc.run("audit " + batch.size() + " requests", connection -> {
            try (Statement relaxed = connection.createStatement()) {
                relaxed.execute("SET LOCAL synchronous_commit = off");
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setArray(1, connection.createArrayOf("text", batch.stream().map(p -> p.at().toString()).toArray()));
                insert.setArray(2, connection.createArrayOf("text", batch.stream().map(Pending::actor).toArray()));
                insert.setArray(3, connection.createArrayOf("text", batch.stream().map(Pending::action).toArray()));
                insert.setArray(4, connection.createArrayOf("text", batch.stream().map(Pending::subject).toArray()));
                insert.setArray(5, connection.createArrayOf("text", batch.stream().map(Pending::details).toArray()));
                insert.setArray(6, connection.createArrayOf("text", batch.stream().map(Pending::outcome).toArray()));
                insert.executeUpdate();
            }
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("audit batch: {}", e.toString());
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
