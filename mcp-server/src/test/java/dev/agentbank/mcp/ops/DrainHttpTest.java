package dev.agentbank.mcp.ops;

import static dev.agentbank.mcp.ops.OpsHttp.get;
import static dev.agentbank.mcp.ops.OpsHttp.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.mcp.McpHttpServer;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import java.net.URI;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A planned stop of a real instance: a tool call held inside the database (the test locks the table it reads) is
 * under way when the drain starts; it must still get its answer, while /readyz says draining and new requests get 503.
 */
class DrainHttpTest {
    private static TestBank bank;
    private static String account;
    private static String token;
    private McpHttpServer server;
    private URI base;

    @BeforeAll
    static void seed() {
        bank = TestBank.create();
        long customer = bank.customer();
        account = bank.checking(customer, "42.00").value();
        token = bank.runtime().tokens().create(Actor.of("teller", "drain"), new Principal.CustomerPrincipal(customer), Optional.empty())
                .token();
    }

    @AfterAll
    static void drop() {
        bank.close();
    }

    @BeforeEach
    void start() {
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
        base = server.baseUri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Holds every read of accounts until the returned connection rolls back. */
    private static Connection lockAccounts() throws Exception {
        Connection lock = bank.connect();
        lock.setAutoCommit(false);
        try (Statement statement = lock.createStatement()) {
            statement.execute("LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
        }
        return lock;
    }

    /** A get_balance call, once the server is running it (held by the lock). */
    private CompletableFuture<HttpResponse<String>> balanceCall(OpsHttp.RawSession session) throws Exception {
        CompletableFuture<HttpResponse<String>> call = session.call(7, "get_balance", "{\"account_number\":\"" + account + "\"}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sample(get(base, "/metrics").body(), "bank_mcp_tool_calls_in_flight") < 1) {
            assertThat(System.nanoTime()).as("the call never started").isLessThan(deadline);
            assertThat(call).as("the call ended before the lock held it").isNotDone();
            Thread.sleep(20);
        }
        return call;
    }

    /** The balance answer, as the client received it. */
    private static void assertAnswered(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"id\":7").contains("\"isError\":false").contains("42.00");
    }

    @Test
    void aCallUnderWayAnswersWhileNewRequestsAreRefusedAndReadyzSaysDraining() throws Exception {
        OpsHttp.RawSession session = OpsHttp.RawSession.open(base, token);
        ExecutorService drainer = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Boolean> drained;
            CompletableFuture<HttpResponse<String>> call;
            try (Connection lock = lockAccounts()) {
                call = balanceCall(session);
                drained = CompletableFuture.supplyAsync(() -> {
                    try {
                        return server.drain(Duration.ZERO, Duration.ofSeconds(10));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }, drainer);
                awaitStatus("/readyz", 503);
                HttpResponse<String> ready = get(base, "/readyz");
                assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\",\"reason\":\"draining\"}");
                awaitRefusal();
                HttpResponse<String> refused = OpsHttp.postMcp(base, token);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(refused.body()).contains("shutting down").doesNotContain("Exception");
                // refused before any token is looked up
                assertThat(OpsHttp.postMcp(base, null).statusCode()).isEqualTo(503);
                assertThat(get(base, "/healthz").statusCode()).isEqualTo(200);
                assertThat(sample(get(base, "/metrics").body(), "bank_mcp_draining")).isEqualTo(1.0);
                Thread.sleep(200);
                assertThat(drained).as("the drain waits for the call under way").isNotDone();
                assertThat(call).isNotDone();
                lock.rollback();
            }
            assertAnswered(call.get(20, TimeUnit.SECONDS));
            assertThat(drained.get(20, TimeUnit.SECONDS)).as("every call under way answered").isTrue();
            assertThat(sample(get(base, "/metrics").body(), "bank_mcp_tool_calls_total{outcome=\"ok\",tool=\"get_balance\"}"))
                    .isEqualTo(1.0);
        } finally {
            drainer.shutdownNow();
        }
    }

    @Test
    void aDrainGivesUpOnACallStuckBeyondItsLimit() throws Exception {
        OpsHttp.RawSession session = OpsHttp.RawSession.open(base, token);
        try (Connection lock = lockAccounts()) {
            CompletableFuture<HttpResponse<String>> call = balanceCall(session);
            long started = System.nanoTime();
            assertThat(server.drain(Duration.ZERO, Duration.ofSeconds(1))).isFalse();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).isBetween(900L, 5_000L);
            lock.rollback();
            assertAnswered(call.get(20, TimeUnit.SECONDS)); // the servers are still open: close comes after
        }
    }

    @Test
    void theGraceKeepsTakingCallsWhileReadyzAlreadySaysDraining() throws Exception {
        OpsHttp.RawSession session = OpsHttp.RawSession.open(base, token);
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
            try {
                return server.drain(Duration.ofSeconds(3), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitStatus("/readyz", 503);
        assertAnswered(session.call(7, "get_balance", "{\"account_number\":\"" + account + "\"}").get(20, TimeUnit.SECONDS));
        assertThat(drained.get(20, TimeUnit.SECONDS)).isTrue();
        assertThat(OpsHttp.postMcp(base, token).statusCode()).isEqualTo(503);
    }

    private void awaitStatus(String path, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (get(base, path).statusCode() != status) {
            assertThat(System.nanoTime()).as(path + " never answered " + status).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private void awaitRefusal() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (OpsHttp.postMcp(base, null).statusCode() != 503) {
            assertThat(System.nanoTime()).as("new requests never refused").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
