package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL's postmaster SIGKILLed twice under a running MCP server and a workload of idempotent money
 * movements: the server brings it back by itself each time, nothing acknowledged is lost or doubled, and a human can
 * list approvals from another process throughout.
 */
class EmbeddedPostgresCrashTest {
    @Test
    void theServerBringsItsDatabaseBackAfterEachKillAndLosesNothing() throws Exception {
        try (CrashRun crash = new CrashRun(Map.of())) {
            crash.start(3);
            Path data = crash.home().resolve("postgres");
            List<ChaosOperation> operations = new CopyOnWriteArrayList<>();
            Thread workload = crash.workload(Duration.ofSeconds(16), operations);
            Thread.sleep(3_000);
            for (int kill = 1; kill <= 2; kill++) {
                long killed = killPostmaster(data);
                // a human at another process, started while the server has not brought its database back yet
                java.util.concurrent.CompletableFuture<String> approvals = kill == 1
                        ? java.util.concurrent.CompletableFuture.supplyAsync(CrashRun.unchecked(crash::approvalsList))
                        : java.util.concurrent.CompletableFuture.completedFuture("nothing waiting for approval");
                Duration outage = crash.untilServing(killed, Duration.ofSeconds(30));
                assertThat(approvals.get()).contains("nothing waiting for approval");
                System.out.printf("embedded PostgreSQL kill %d: first successful call %d ms after the SIGKILL%n", kill, outage.toMillis());
                assertThat(outage).as("service resumes within a few seconds").isLessThan(Duration.ofSeconds(15));
                Thread.sleep(3_000);
            }
            workload.join();
            assertThat(crash.approvalsList()).contains("nothing waiting for approval");

            ChaosChecks.Result checked = crash.check(operations);
            assertThat(checked.violations()).isEmpty();
            assertThat(operations).filteredOn(op -> op.outcome() == ChaosOperation.Outcome.ACKNOWLEDGED).hasSizeGreaterThan(20);
            assertThat(operations).as("some operations met an outage and were retried under their key")
                    .anyMatch(ChaosOperation::retried);
            assertThat(crash.serverLog()).contains("embedded PostgreSQL is back on port");

            // SIGTERM while the database cannot come back: it must not wait out pool and restart timeouts
            Files.writeString(data.resolve("postgresql.auto.conf"), "\nwork_mem = 'plenty'\n", StandardOpenOption.APPEND);
            killPostmaster(data);
            Thread.sleep(500);
            crash.assertRefusedWithRetryAfter();
            Duration stopping = crash.terminate(Duration.ofSeconds(10));
            System.out.printf("SIGTERM with the embedded database down: the server exited in %d ms%n", stopping.toMillis());
        }
    }

    /** SIGKILLs the postmaster named in postmaster.pid; when it did (System.nanoTime). */
    static long killPostmaster(Path data) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        long killed = System.nanoTime();
        assertThat(postmaster.destroyForcibly()).isTrue();
        return killed;
    }
}
