package dev.agentbank.shared.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * leaves a healthy server that the next process reuses. A server that died is started again by whichever
 * process needs it first (PostgreSQL replays its WAL): a long-running one through its {@link EmbeddedSupervisor},
 * any other when it opens the database. A file lock beside the data directory serialises those start and stop
 * decisions; it is held only while one is made, so no process can strand the others.
 */
public final class EmbeddedPostgresServer {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String USER = "postgres";

    /** How long a first start may take: initdb and the first start of a new directory are slow on a cold disk. */
    private static final Duration FIRST_START = Duration.ofSeconds(60);
    /** zonky's own lock inside the data directory; see {@link #start}. */
    private static final String ZONKY_LOCK = "epg-lock";

    private final Path dataDirectory;
    private volatile int port;
    private volatile long postmasterPid;

    private EmbeddedPostgresServer(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.postmasterPid = Postmaster.pid(dataDirectory).orElse(-1L);
    }

    /** Connects to the server for this data directory, starting it if none answers. */
    public static EmbeddedPostgresServer startOrReuse(Path dataDirectory) {
        try (DecisionLock ignored = DecisionLock.take(dataDirectory)) {
            return new EmbeddedPostgresServer(dataDirectory, ensureRunning(dataDirectory, 0, FIRST_START, false).port());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * Starts the server again after its postmaster died, or adopts one another process started meanwhile: on the same
     * port when that is free, so pools and other processes keep their address; on a free one otherwise.
     *
     * @param startupWait how long PostgreSQL may take to replay its WAL and accept connections
     * @return whether this call started it (rather than finding it running)
     */
    boolean startAgain(Duration startupWait) throws IOException {
        try (DecisionLock ignored = DecisionLock.take(dataDirectory)) {
            Running running = ensureRunning(dataDirectory, port, startupWait, true);
            postmasterPid = Postmaster.pid(dataDirectory).orElse(-1L);
            port = running.port();
            return running.started();
        }
    }

    private record Running(int port, boolean started) {}

    /**
     * Under the decision lock: the server's port, once it answers; started on {@code preferredPort} (0: the last one),
     * {@code again} (after a crash under this process) with the binaries and options it ran with.
     */
    private static Running ensureRunning(Path dataDirectory, int preferredPort, Duration startupWait, boolean again)
            throws IOException {
        Optional<Integer> answering = runningPort(dataDirectory);
        if (answering.isPresent()) {
            log.debug("reusing embedded PostgreSQL on port {}", answering.get());
            return new Running(answering.get(), false);
        }
        int recorded = Postmaster.recordedPort(dataDirectory);
        Optional<Long> pid = Postmaster.pid(dataDirectory);
        if (pid.isPresent() && Postmaster.running(pid.get())) {
            // alive but not answering: starting up, or resetting itself after one of its processes crashed
            return new Running(awaitAnswer(dataDirectory, pid.get(), recorded, startupWait), false);
        }
        int wanted = preferredPort > 0 ? preferredPort : recorded > 0 ? recorded : lastPort(dataDirectory); // where clients knew it
        return new Running(start(dataDirectory, wanted > 0 ? portIfFree(wanted) : 0, startupWait, again), true);
    }

    private static int awaitAnswer(Path dataDirectory, long pid, int port, Duration limit) throws IOException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() - until < 0 && Postmaster.running(pid)) {
            if (answers(port, dataDirectory)) {
                return port;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IOException("PostgreSQL (pid " + pid + ") runs on " + dataDirectory + " but did not answer on port " + port
                + " within " + limit.toSeconds() + " s");
    }

    /** Adopts a server another process started on this data directory, if one answers; true if it did. */
    boolean adoptRunning() {
        Optional<Integer> running = runningPort(dataDirectory);
        running.ifPresent(found -> {
            postmasterPid = Postmaster.pid(dataDirectory).orElse(-1L);
            port = found;
        });
        return running.isPresent();
    }

    /** Whether the postmaster this process last knew of still runs; a cheap check, no connection. */
    boolean postmasterAlive() {
        return Postmaster.running(postmasterPid);
    }

    long postmasterPid() {
        return postmasterPid;
    }

    private static int portIfFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as PostgreSQL binds: a port in TIME_WAIT is free for it
            probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            return port;
        } catch (IOException taken) {
            log.warn("port {} of the embedded PostgreSQL is taken by something else; starting it on another", port);
            return 0;
        }
    }

    /** Starts the server on {@code port} (0: any free one) and returns the port it listens on. */
    private static int start(Path dataDirectory, int port, Duration startupWait, boolean again) throws IOException {
        refuseOtherMajorVersion(dataDirectory);
        Postmaster.awaitDeadCleared(dataDirectory);
        Path logFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        Optional<List<String>> asBefore = again && port > 0 ? PgCtl.lastOptions(dataDirectory, port) : Optional.empty();
        if (asBefore.isPresent()) {
            PgCtl.start(dataDirectory, asBefore.get(), startupWait, logFile);
            return started(dataDirectory, port);
        }
        Files.deleteIfExists(dataDirectory.resolve(ZONKY_LOCK)); // one a failed start in some process may still hold
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres server = builder
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // The server outlives this process on purpose; see the class comment.
                .setRegisterShutdownHook(false)
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .setPGStartupWait(startupWait)
                // A bank commits durably; zonky's test default turns this off.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "128MB")
                .start();
        // zonky locks epg-lock for as long as its object lives, which is this process's life: a process that had
        // started the server would lock every other out of starting it again after a crash. Unlinking the file lets
        // the next start lock a new one; the lock file beside the directory and PostgreSQL's postmaster.pid guard.
        Files.deleteIfExists(dataDirectory.resolve(ZONKY_LOCK));
        return started(dataDirectory, server.getPort());
    }

    private static int started(Path dataDirectory, int port) throws IOException {
        // postmaster.pid goes with a crash's cleanup; this keeps the port for the next start
        Files.writeString(lastPortFile(dataDirectory), Integer.toString(port));
        log.info("started embedded PostgreSQL on port {} with data in {}", port, dataDirectory);
        return port;
    }

    private static Path lastPortFile(Path dataDirectory) {
        return dataDirectory.toAbsolutePath().normalize().resolveSibling(dataDirectory.getFileName() + ".port");
    }

    private static int lastPort(Path dataDirectory) {
        try {
            return Integer.parseInt(Files.readString(lastPortFile(dataDirectory)).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
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
        int port = Postmaster.recordedPort(dataDirectory);
        return port > 0 && answers(port, dataDirectory) ? Optional.of(port) : Optional.empty();
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

    /** What {@link #stopIfRunning} did. */
    public enum Stop { STOPPED, NOT_RUNNING, WATCHED }

    /** Stops the server on this data directory if one runs and no running process would only start it again. */
    public static Stop stopIfRunning(Path dataDirectory) {
        try (DecisionLock ignored = DecisionLock.take(dataDirectory)) {
            Optional<Integer> port = runningPort(dataDirectory);
            if (port.isEmpty()) {
                return Stop.NOT_RUNNING;
            }
            if (Watchers.any(dataDirectory)) {
                return Stop.WATCHED;
            }
            new EmbeddedPostgresServer(dataDirectory, port.get()).stop();
            return Stop.STOPPED;
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL in " + dataDirectory, e);
        }
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
     * Stops the server unless another client still uses it or another process watches it. Called when a process ends normally;
     * after a kill -9 the server simply stays up for the next process.
     */
    public void stopIfUnused() {
        try (DecisionLock ignored = DecisionLock.take(dataDirectory)) {
            if (!answers(port, dataDirectory) || Watchers.any(dataDirectory) || othersStayConnected()) {
                return;
            }
            stop();
        } catch (IOException | SQLException e) {
            log.warn("could not decide whether to stop embedded PostgreSQL: {}", e.getMessage());
        }
    }

    /**
     * Whether other clients are still connected a moment from now: the backends of a pool this process just closed end
     * on their own a few milliseconds later, and must not count as someone else keeping the server in use.
     */
    private boolean othersStayConnected() throws SQLException {
        long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        long others = otherClients();
        while (others > 0 && System.nanoTime() - until < 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            others = otherClients();
        }
        if (others > 0) {
            log.debug("embedded PostgreSQL keeps running: {} other clients are connected", others);
        }
        return others > 0;
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
        Postmaster.stop(dataDirectory);
    }
}
