package dev.agentbank.mcp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

/** The readiness verdict when the database is away or silent: 503 reasons, and never a probe that hangs. */
class ReadinessTest {
    private static final MigrationVersion NEEDED = MigrationVersion.fromVersion("15");

    private static java.sql.Connection connect(int port) throws java.sql.SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    @Test
    void aRefusedConnectionIsAnUnreachableDatabase() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (Readiness readiness = new Readiness(() -> connect(closed), NEEDED, () -> false)) {
            Readiness.Verdict verdict = readiness.check();
            assertThat(verdict.ready()).isFalse();
            assertThat(verdict.json()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"the database is unreachable\"}");
        }
    }

    @Test
    void aDatabaseThatNeverAnswersIsNotReadyWithinAboutASecond() throws Exception {
        try (ServerSocket silent = new ServerSocket(0); Readiness readiness = new Readiness(() -> connect(silent.getLocalPort()), NEEDED,
                () -> false)) {
            long started = System.nanoTime();
            Readiness.Verdict verdict = readiness.check();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(verdict.ready()).isFalse();
            assertThat(verdict.reason()).isEqualTo("the database did not answer within 1000 ms");
            assertThat(tookMillis).isBetween(900L, 2_500L);
            // a second probe queues behind the stuck one, and still answers in time
            started = System.nanoTime();
            assertThat(readiness.check().ready()).isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_500L);
        }
    }

    @Test
    void drainingIsNotReadyWithoutAskingTheDatabase() {
        try (Readiness readiness = new Readiness(() -> {
            throw new AssertionError("a draining instance needs no database check");
        }, NEEDED, () -> true)) {
            assertThat(readiness.check().json()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"draining\"}");
        }
    }
}
