package dev.agentbank.shared.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL 17 per data directory, shared by every agentbank process on that BANK_HOME.
 *
 * <p>The first process starts the server; later ones find it through PostgreSQL's own postmaster.pid and
 * connect. The server is not tied to the process that started it, so a {@code kill -9} of that process
 * leaves a healthy server that the next process reuses. A server that died is restarted (PostgreSQL
 * replays its WAL). A file lock beside the data directory serialises start and stop decisions.
 */
public final class EmbeddedPostgresServer {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String USER = "postgres";

    private final Path dataDirectory;
    private final Path lockFile;
    private final int port;

    private EmbeddedPostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.lockFile = lockFileFor(dataDirectory);
        this.port = port;
    }

    /** Connects to the server for this data directory, starting it if none answers. */
    public static EmbeddedPostgresServer startOrReuse(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            try (FileChannel channel = FileChannel.open(lockFileFor(dataDirectory), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Optional<Integer> running = runningPort(dataDirectory);
                if (running.isPresent()) {
                    log.debug("reusing embedded PostgreSQL on port {}", running.get());
                    return new EmbeddedPostgresServer(dataDirectory, running.get());
                }
                return new EmbeddedPostgresServer(dataDirectory, start(dataDirectory));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static Path lockFileFor(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    }

    private static int start(Path dataDirectory) throws IOException {
        refuseOtherMajorVersion(dataDirectory);
        Path logFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres server = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // The server outlives this process on purpose; see the class comment.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .setPGStartupWait(Duration.ofSeconds(60))
                // A bank commits durably; zonky's test default turns this off.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "128MB")
                .start();
        log.info("started embedded PostgreSQL on port {} with data in {}", server.getPort(), dataDirectory);
        return server.getPort();
    }

    private static void refuseOtherMajorVersion(Path dataDirectory) throws IOException {
        Path versionFile = dataDirectory.resolve("PG_VERSION");
        if (Files.isRegularFile(versionFile)) {
            String version = Files.readString(versionFile).strip();
            if (!version.equals("17")) {
                throw new IllegalStateException("the data directory " + dataDirectory + " was made by PostgreSQL " + version
                        + " and this build runs PostgreSQL 17; move it aside or point BANK_HOME elsewhere");
            }
        }
    }

    /** The port of a live server on this data directory, if one answers. */
    static Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            int port = Integer.parseInt(lines.get(3).strip());
            return answers(port, dataDirectory) ? Optional.of(port) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Connection admin(int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        return DriverManager.getConnection(jdbcUrl(port, "postgres"), props);
    }

    private static boolean answers(int port, Path dataDirectory) {
        try (Connection connection = admin(port);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            // A stale pid file could name a port now used by some other server.
            return rs.next() && Path.of(rs.getString(1)).toRealPath().equals(dataDirectory.toRealPath());
        } catch (SQLException | IOException e) {
            return false;
        }
    }

    public static Optional<Integer> portIfRunning(Path dataDirectory) {
        return runningPort(dataDirectory);
    }

    /** Stops the server on this data directory if one runs; true if it did. */
    public static boolean stopIfRunning(Path dataDirectory) {
        Optional<Integer> port = runningPort(dataDirectory);
        port.ifPresent(p -> new EmbeddedPostgresServer(dataDirectory, p).stop());
        return port.isPresent();
    }

    static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    public int port() {
        return port;
    }

    public String user() {
        return USER;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops the server unless another client still uses it. Called when a process ends normally;
     * after a kill -9 the server simply stays up for the next process.
     */
    public void stopIfUnused() {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (!answers(port, dataDirectory) || otherClients() > 0) {
                return;
            }
            stop();
        } catch (IOException | SQLException e) {
            log.warn("could not decide whether to stop embedded PostgreSQL: {}", e.getMessage());
        }
    }

    private long otherClients() throws SQLException {
        try (Connection connection = admin(port);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Fast shutdown: open transactions roll back, committed data is safe. */
    public void stop() {
        try (Connection connection = admin(port);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'");
        } catch (SQLException e) {
            log.debug("pre-stop cleanup failed: {}", e.getMessage());
        }
        PostmasterSignal.stop(dataDirectory);
    }
}
