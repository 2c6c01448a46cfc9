package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.mcp.McpMain;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A database fault under load, as the database-recovery tests run it: a real {@code McpMain --http} process, customers
 * working through it over MCP (each operation retried under one idempotency key until answered), faults struck by the
 * test, and then the chaos run's checks of the books. Measures each outage from the fault to the first successful call.
 */
final class CrashRun implements AutoCloseable {
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    final Map<String, String> environment;
    final String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final int port = Ports.free();
    private final Path log;
    private Process server;
    private ChaosFixture fixture;

    /** {@code settings} say where the database is (none: embedded under a fresh BANK_HOME). */
    CrashRun(Map<String, String> settings) throws IOException {
        Path home = Files.createTempDirectory("agentbank-crash");
        this.log = home.resolve("server.log");
        environment = new HashMap<>(ChaosCommand.instanceSettings("unused"));
        environment.remove("BANK_DATABASE_URL");
        environment.put("BANK_HOME", home.toString());
        environment.put("BANK_DEMO", "false");
        environment.put("BANK_RATE_TOOLS_PER_MINUTE", "1000000");
        environment.put("BANK_RATE_MONEY_PER_MINUTE", "1000000");
        environment.put("BANK_RATE_HTTP_PER_SECOND", "100000");
        environment.put("BANK_RATE_HTTP_BURST", "100000");
        environment.putAll(settings);
    }

    String mcpUrl() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    Path home() {
        return Path.of(environment.get("BANK_HOME"));
    }

    String serverLog() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Starts the server, then makes the run's customers through a runtime of this process, closed again at once. */
    void start(int customers) throws Exception {
        server = java(List.of(McpMain.class.getName(), "--http", "--host", "127.0.0.1", "--port", Integer.toString(port)), log);
        assertThat(Ports.awaitListening("127.0.0.1", port, Duration.ofSeconds(120), server::isAlive))
                .as("the server listens; its log:\n%s", serverLog()).isTrue();
        // this process must not be the one that brings the database back: its runtime lives only while it seeds
        try (BankRuntime bank = runtime()) {
            fixture = ChaosFixture.create(bank, run, customers);
        }
    }

    BankRuntime runtime() {
        return BankRuntime.open(BankConfig.from(Settings.fromEnvironment(environment)), "agentbank-crash-test");
    }

    /** The workload in the background, new operations until {@code length} has passed. */
    Thread workload(Duration length, List<ChaosOperation> into) {
        Instant end = Instant.now().plus(length);
        Workload workload = new Workload(mcpUrl(), fixture, run, end, end.plus(GIVE_UP));
        return Thread.ofPlatform().name("crash-workload").start(() -> {
            try {
                into.addAll(workload.run(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** How long after {@code since} a customer's balance read first succeeds again, polled every 50 ms. */
    Duration untilServing(long since, Duration limit) throws InterruptedException, IOException {
        ChaosFixture.CustomerSide customer = fixture.customers().getFirst();
        try (McpHttpClient client = new McpHttpClient(mcpUrl(), customer.token())) {
            while (System.nanoTime() - since < limit.toNanos()) {
                McpHttpClient.Reply reply = client.callTool("get_balance", Map.of("account_number", customer.checking()));
                if (reply instanceof McpHttpClient.Reply.Answered answered && !answered.result().path("isError").asBoolean(false)) {
                    return Duration.ofNanos(System.nanoTime() - since);
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the server did not serve again within " + limit + "; its log:\n" + serverLog());
    }

    /** A new MCP session asked for while the database is away: answered 503 with Retry-After, and within 3 s. */
    void assertRefusedWithRetryAfter() throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(mcpUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + fixture.customers().getFirst().token())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("""
                        {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",\
                        "capabilities":{},"clientInfo":{"name":"crash-test","version":"1"}}}"""))
                .build();
        long began = System.nanoTime();
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> response = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("2");
            assertThat(response.body()).doesNotContain("Exception");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("fails fast").isLessThan(Duration.ofSeconds(3));
    }

    /** {@code ./bank approvals list} as a process of its own; what it printed, once it exited 0 within a minute. */
    String approvalsList() throws Exception {
        Path out = Files.createTempFile(home(), "approvals", ".out");
        Process cli = java(List.of("dev.agentbank.app.cli.BankCli", "approvals", "list"), out);
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("./bank approvals list ends").isTrue();
        String printed = Files.readString(out);
        assertThat(cli.exitValue()).as("./bank approvals list printed:\n%s", printed).isZero();
        return printed;
    }

    interface Step<T> {
        T run() throws Exception;
    }

    static <T> java.util.function.Supplier<T> unchecked(Step<T> step) {
        return () -> {
            try {
                return step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /** The books after the run: every acknowledged operation posted once, no refused one, invariants and audit chain. */
    ChaosChecks.Result check(List<ChaosOperation> operations) {
        try (BankRuntime bank = runtime()) {
            bank.auditChain().sealPending();
            return new ChaosChecks(bank.database().jdbc(), bank.invariants())
                    .check(operations, "chaos-" + run + "-", fixture.customerIds(), fixture.depositedMinor());
        }
    }

    /** SIGTERM; how long the server took to exit. */
    Duration terminate(Duration limit) throws InterruptedException {
        long began = System.nanoTime();
        server.destroy();
        assertThat(server.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)).as("the server stops within %s after SIGTERM", limit).isTrue();
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private Process java(List<String> arguments, Path output) throws IOException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(name -> name.startsWith("BANK_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            Processes.stop(server, Duration.ofSeconds(10));
        }
        if (!environment.containsKey("BANK_DATABASE_URL")) {
            dev.agentbank.shared.jdbc.EmbeddedPostgresServer.stopIfRunning(home().resolve("postgres")); // none left behind
        }
    }
}
