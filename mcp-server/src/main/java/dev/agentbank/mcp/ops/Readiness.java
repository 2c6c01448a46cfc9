package dev.agentbank.mcp.ops;

import dev.agentbank.shared.jdbc.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance should be sent calls: not draining, the database answering within {@link #WAIT}, and its
 * schema at least at the newest migration this build carries. The probe has a connection of its own, outside the
 * pool: a pool busy with calls is not an unreachable database, and a probe must not queue behind calls for a
 * connection. A database ahead of this build is ready: that is a rolling upgrade, whose migrations keep old
 * instances working.
 */
public final class Readiness implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Readiness.class);
    static final Duration WAIT = Duration.ofSeconds(1);
    private static final String APPLIED = "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL";

    /** The answer: ready or not, and why. */
    public record Verdict(boolean ready, String reason, Optional<String> schema) {
        static Verdict notReady(String reason) {
            return new Verdict(false, reason, Optional.empty());
        }

        String json() {
            return "{\"status\":" + Json.quote(ready ? "ready" : "not ready")
                    + (ready ? "" : ",\"reason\":" + Json.quote(reason))
                    + schema.map(version -> ",\"schema\":" + Json.quote(version)).orElse("") + "}";
        }
    }

    /** Opens the probe's connection. */
    @FunctionalInterface
    public interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final MigrationVersion needed;
    private final BooleanSupplier draining;
    private final java.util.function.Supplier<java.util.Optional<String>> unavailable;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "readiness-probe");
        thread.setDaemon(true);
        return thread;
    });
    private Connection connection; // only the prober thread touches it
    private volatile Future<Verdict> lastProbe;

    public Readiness(Connector connector, MigrationVersion needed, BooleanSupplier draining) {
        this(connector, needed, draining, java.util.Optional::empty);
    }

    /** @param unavailable why the database is known to be away (its embedded server restarting), if it is */
    Readiness(Connector connector, MigrationVersion needed, BooleanSupplier draining,
              java.util.function.Supplier<java.util.Optional<String>> unavailable) {
        this.connector = connector;
        this.needed = needed;
        this.draining = draining;
        this.unavailable = unavailable;
    }

    /** For the runtime's database: the probe connects like the pool does, and needs what this build migrates to. */
    public static Readiness of(Database database, BooleanSupplier draining) {
        return new Readiness(() -> database.target().connect(), newestMigration(database.dataSource()), draining,
                database::unavailable);
    }

    /** The newest versioned migration on the classpath (read once: a scan is too slow for every probe). */
    static MigrationVersion newestMigration(DataSource dataSource) {
        MigrationVersion newest = MigrationVersion.EMPTY;
        for (MigrationInfo info : Flyway.configure().dataSource(dataSource).locations(Database.MIGRATIONS).load().info().all()) {
            if (info.getVersion() != null && info.getState().isResolved() && info.getVersion().compareTo(newest) > 0) {
                newest = info.getVersion();
            }
        }
        return newest;
    }

    public Verdict check() {
        if (draining.getAsBoolean()) {
            return Verdict.notReady("draining");
        }
        java.util.Optional<String> away = unavailable.get();
        if (away.isPresent()) {
            return Verdict.notReady(away.get());
        }
        Future<Verdict> earlier = lastProbe;
        if (earlier != null && !earlier.isDone()) {
            // a probe stuck on a dead socket: answer at once rather than queue behind it
            return Verdict.notReady("the database did not answer within " + WAIT.toMillis() + " ms");
        }
        Future<Verdict> probe = prober.submit(this::probe);
        lastProbe = probe;
        try {
            return probe.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return Verdict.notReady("the database did not answer within " + WAIT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Verdict.notReady("the database check failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Verdict.notReady("interrupted");
        }
    }

    private Verdict probe() {
        MigrationVersion current = MigrationVersion.EMPTY;
        try {
            if (connection == null || connection.isClosed()) {
                connection = connector.connect();
                // a read on a dead or silent server fails after this, instead of blocking the prober for ever
                connection.setNetworkTimeout(Runnable::run, (int) WAIT.multipliedBy(2).toMillis());
            }
            try (Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) WAIT.toSeconds());
                try (ResultSet rs = statement.executeQuery(APPLIED)) {
                    while (rs.next()) {
                        MigrationVersion version = MigrationVersion.fromVersion(rs.getString(1));
                        current = version.compareTo(current) > 0 ? version : current;
                    }
                }
            }
        } catch (SQLException e) {
            // no message: it can carry the database's address
            log.debug("readiness probe: {}", e.getClass().getSimpleName());
            forgetConnection();
            return Verdict.notReady("the database is unreachable");
        }
        if (needed.compareTo(current) > 0) {
            return new Verdict(false, "migrations pending: the database is at " + current + ", this build needs " + needed,
                    Optional.of(current.toString()));
        }
        return new Verdict(true, "", Optional.of(current.toString()));
    }

    private void forgetConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken anyway
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        prober.submit(this::forgetConnection);
        prober.shutdown();
    }
}
