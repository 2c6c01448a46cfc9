package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The machine's PostgreSQL at 127.0.0.1:5432 restarted twice with pg_ctlcluster under a running MCP server (with
 * BANK_DATABASE_URL) and a workload of idempotent money movements: a short window of retryable errors, nothing lost
 * or doubled. Skipped where that server or pg_ctlcluster is not there.
 */
class MachinePostgresRestartTest {
    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    @Test
    void aRestartOfTheServersPostgresCostsOnlyAShortWindow() throws Exception {
        assumeTrue(reachable(), "no PostgreSQL at 127.0.0.1:5432");
        ChaosDatabase.Machine machine;
        try {
            machine = ChaosDatabase.Machine.of(SERVER + "postgres");
        } catch (RuntimeException e) {
            assumeTrue(false, "pg_ctlcluster cannot restart it here: " + e.getMessage());
            return;
        }
        String database = "agentbank_restart_" + Long.toHexString(System.nanoTime());
        admin("CREATE DATABASE " + database);
        try (CrashRun crash = new CrashRun(Map.of("BANK_DATABASE_URL", SERVER + database, "BANK_DATABASE_USER", "postgres",
                "BANK_DATABASE_PASSWORD", ""))) {
            crash.start(3);
            List<ChaosOperation> operations = new CopyOnWriteArrayList<>();
            Thread workload = crash.workload(Duration.ofSeconds(14), operations);
            Thread.sleep(3_000);
            for (int restart = 1; restart <= 2; restart++) {
                long began = System.nanoTime();
                machine.restart();
                Duration outage = crash.untilServing(began, Duration.ofSeconds(30));
                System.out.printf("machine PostgreSQL restart %d: first successful call %d ms after the restart began%n", restart,
                        outage.toMillis());
                assertThat(outage).as("a short window").isLessThan(Duration.ofSeconds(15));
                Thread.sleep(3_000);
            }
            workload.join();
            ChaosChecks.Result checked = crash.check(operations);
            assertThat(checked.violations()).isEmpty();
            assertThat(operations).filteredOn(op -> op.outcome() == ChaosOperation.Outcome.ACKNOWLEDGED).hasSizeGreaterThan(20);

            machine.stop();
            try {
                crash.assertRefusedWithRetryAfter();
                Duration stopping = crash.terminate(Duration.ofSeconds(10));
                System.out.printf("SIGTERM with the machine PostgreSQL stopped: the server exited in %d ms%n", stopping.toMillis());
            } finally {
                machine.start();
            }
        } finally {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static boolean reachable() {
        try (Connection ignored = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
