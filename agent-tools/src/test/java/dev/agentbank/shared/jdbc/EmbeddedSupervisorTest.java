package dev.agentbank.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.config.DatabaseConfig;
import dev.agentbank.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An embedded server of its own, in a fresh directory, killed under a process that watches it. */
class EmbeddedSupervisorTest {
    private Path data;

    @BeforeEach
    void directory() throws Exception {
        data = Files.createTempDirectory("agentbank-supervised").resolve("postgres");
    }

    @AfterEach
    void stopServer() {
        EmbeddedPostgresServer.stopIfRunning(data);
    }

    @Test
    void aKilledPostmasterComesBackOnItsPortAndCallsFailFastMeanwhile() throws Exception {
        // the first restart waits three seconds, so there is an outage to call into
        EmbeddedSupervisor.Policy slowFirstTry = new EmbeddedSupervisor.Policy(Duration.ofMillis(200),
                List.of(Duration.ofSeconds(3), Duration.ofSeconds(1)), Duration.ofSeconds(15), Duration.ofSeconds(5), Duration.ofMinutes(1));
        DatabaseConfig config = new DatabaseConfig(Optional.empty(), "postgres", new Secret(""), 4, data);
        try (Database database = Database.open(config, "supervised", slowFirstTry)) {
            int port = EmbeddedPostgresServer.portIfRunning(data).orElseThrow();
            kill(data);
            assertThat(waitFor(() -> database.unavailable().isPresent(), Duration.ofSeconds(2))).as("noticed").isTrue();
            for (int call = 0; call < 3; call++) {
                long began = System.nanoTime();
                assertThatThrownBy(() -> select(database))
                        .satisfies(failure -> assertThat(DatabaseException.unreachable(failure)).as("%s", failure).isTrue());
                assertThat(Duration.ofNanos(System.nanoTime() - began)).as("fails at once").isLessThan(Duration.ofMillis(200));
            }
            assertThat(eventuallySelects(database, Duration.ofSeconds(20))).isTrue();
            assertThat(EmbeddedPostgresServer.portIfRunning(data)).contains(port);
            assertThat(database.unavailable()).isEmpty();
        }
    }

    @Test
    void theLastProcessToCloseStopsTheServerThoughItsOwnBackendsAreStillEnding() {
        // a server's whole runtime, background jobs and token listener included, as ./bank mcp closes it
        dev.agentbank.config.BankConfig config = dev.agentbank.config.BankConfig.from(dev.agentbank.config.Settings.of(
                java.util.Map.of("BANK_HOME", data.getParent().toString())));
        for (int run = 1; run <= 3; run++) {
            try (dev.agentbank.app.BankRuntime runtime = dev.agentbank.app.BankRuntime.open(config, "closing")) {
                runtime.runBackgroundJobs();
                select(runtime.database());
            }
            assertThat(EmbeddedPostgresServer.portIfRunning(data)).as("stopped after run %d", run).isEmpty();
        }
    }

    @Test
    void anotherStartSucceedsWhileTheProcessThatStartedTheServerLives() throws Exception {
        EmbeddedPostgresServer.startOrReuse(data); // this JVM started it, as a crashed-server's owner would have
        kill(data);
        Thread.sleep(300);
        EmbeddedPostgresServer again = startAgainWhenReaped(data);
        assertThat(EmbeddedPostgresServer.portIfRunning(data)).contains(again.port());
    }

    @Test
    void givesUpAfterItsTriesThenAdoptsAServerStartedElsewhere() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrReuse(data);
        int port = server.port();
        EmbeddedSupervisor.Policy quick = quickPolicy();
        Path autoConf = data.resolve("postgresql.auto.conf");
        String healthy = Files.readString(autoConf);
        try (EmbeddedSupervisor supervisor = EmbeddedSupervisor.watch(server, quick)) {
            Files.writeString(autoConf, "\nwork_mem = 'plenty'\n", StandardOpenOption.APPEND);
            kill(data);
            assertThat(waitFor(() -> supervisor.unavailable().filter(why -> why.contains("would not stay up")).isPresent(),
                    Duration.ofSeconds(30))).as("gives up after two tries").isTrue();
            assertThat(EmbeddedPostgresServer.stopIfRunning(data)).as("nothing runs").isEqualTo(EmbeddedPostgresServer.Stop.NOT_RUNNING);

            Files.writeString(autoConf, healthy);
            startAgainWhenReaped(data); // another process repairs and starts it
            assertThat(waitFor(() -> supervisor.unavailable().isEmpty(), Duration.ofSeconds(10))).as("adopted").isTrue();
            assertThat(server.port()).as("back on the port it had").isEqualTo(port);
            assertThat(supervisor.restarts()).isZero();
            assertThat(EmbeddedPostgresServer.stopIfRunning(data)).as("a watched server is not stopped")
                    .isEqualTo(EmbeddedPostgresServer.Stop.WATCHED);
        }
        assertThat(EmbeddedPostgresServer.stopIfRunning(data)).isEqualTo(EmbeddedPostgresServer.Stop.STOPPED);
    }

    @Test
    void aServerThatKeepsDyingRunsOutOfTriesInsteadOfRestartingForever() throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrReuse(data);
        try (EmbeddedSupervisor supervisor = EmbeddedSupervisor.watch(server, quickPolicy())) {
            for (int death = 1; death <= 2; death++) {
                long pid = Postmaster.pid(data).orElseThrow();
                kill(data);
                int restartsBefore = death - 1;
                assertThat(waitFor(() -> supervisor.restarts() > restartsBefore && supervisor.unavailable().isEmpty()
                        && Postmaster.pid(data).filter(now -> now != pid).isPresent(), Duration.ofSeconds(30)))
                        .as("restart %d", death).isTrue();
            }
            kill(data); // a third death within a minute of the last restart: the row of two tries is used up
            assertThat(waitFor(() -> supervisor.unavailable().filter(why -> why.contains("would not stay up")).isPresent(),
                    Duration.ofSeconds(10))).isTrue();
            Thread.sleep(500);
            assertThat(supervisor.restarts()).isEqualTo(2);
            assertThat(EmbeddedPostgresServer.portIfRunning(data)).isEmpty();
        }
    }

    private static EmbeddedSupervisor.Policy quickPolicy() {
        return new EmbeddedSupervisor.Policy(Duration.ofMillis(50), List.of(Duration.ofMillis(100), Duration.ofMillis(100)),
                Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMinutes(1));
    }

    private static void kill(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    }

    /** Another process's start: what a command run while the server is down does when it opens the database. */
    private static EmbeddedPostgresServer startAgainWhenReaped(Path data) {
        return EmbeddedPostgresServer.startOrReuse(data);
    }

    private static void select(Database database) {
        database.jdbc().query("select one", connection -> connection.createStatement().executeQuery("SELECT 1").next());
    }

    private static boolean eventuallySelects(Database database, Duration limit) throws InterruptedException {
        return waitFor(() -> {
            try {
                select(database);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        }, limit);
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition, Duration limit) throws InterruptedException {
        long until = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
