package dev.agentbank.mcp;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.bench.Latencies;
import dev.agentbank.app.bench.LedgerBench;
import dev.agentbank.app.bench.PgBench;
import dev.agentbank.app.cli.BankCli;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.RateLimitConfig;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./bank bench --mcp}: concurrent Streamable HTTP clients calling {@code transfer} and {@code get_balance}
 * through the whole stack (HTTP, bearer check, MCP, ToolBox, confirmation gate, ledger, audit), measured against
 * pgbench on the same server in the same run; then the stdio cold start of {@code McpMain}.
 */
@Command(name = "bank bench --mcp", mixinStandardHelpOptions = true,
        description = "Measure the MCP server under load against pgbench, and its stdio cold start.")
public final class McpBench implements Callable<Integer> {
    private static final Actor BENCH = Actor.of("system", "bench");

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent MCP clients and pgbench clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "15", description = "Measured seconds per load (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--accounts", defaultValue = "200", description = "Accounts to transfer among (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--scale", defaultValue = "10", description = "pgbench scale factor (default ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--skip-pgbench", description = "Run the MCP half only.")
    boolean skipPgbench;

    @Option(names = "--cold-starts", defaultValue = "3", description = "Timed stdio cold starts; 0 skips them (default ${DEFAULT-VALUE}).")
    int coldStarts;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new McpBench());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            System.err.println("bank: " + BankCli.describe(e));
            return e instanceof ConfigException ? 2 : 1;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || seconds < 1 || accounts < 2 || scale < 1 || coldStarts < 0) {
            throw new ConfigException("--clients, --seconds and --scale must be at least 1, --accounts at least 2");
        }
        BankConfig config = BankConfig.fromEnvironment();
        boolean sound;
        try (Database home = Database.open(config.database(), "agentbank-mcp-bench-admin")) {
            Database.Target server = home.target();
            out.printf("agentbank MCP bench: %d clients, %d s per load%n", clients, seconds);
            Optional<PgBench.Result> baseline = LedgerBench.pgbenchBaseline(server, clients, seconds, scale, skipPgbench, out);
            LedgerBench.recreate(server, "agentbank_mcp_bench");
            // One principal driving hundreds of transfers a second is the load, not abuse: lift its rate limits as
            // the spending limits are lifted below.
            try (BankRuntime runtime = new BankRuntime(Database.open(server.withDatabase("agentbank_mcp_bench"), clients * 2 + 4,
                    "agentbank-mcp-bench", Optional.empty()), config.withRateLimits(RateLimitConfig.highest()), Clock.systemUTC())) {
                sound = measure(runtime, baseline);
            }
            LedgerBench.drop(server, "agentbank_mcp_bench");
        }
        if (coldStarts > 0) {
            coldStart(config);
        }
        return sound ? 0 : 1;
    }

    private boolean measure(BankRuntime runtime, Optional<PgBench.Result> baseline) throws Exception {
        LedgerBench.Funded funded = LedgerBench.fund(runtime, accounts);
        List<AccountNumber> numbers = funded.accounts();
        Principal principal = new Principal.CustomerPrincipal(funded.customerId());
        // The bench moves small amounts all day long, with nobody to ask: lift the daily limit and the confirmation
        // threshold (which also bounds the 24-hour total moved without a human) for its principal only.
        BigDecimal unbounded = new BigDecimal("1000000000000");
        runtime.spendingPolicies().set(principal, Optional.of(unbounded), Optional.of(unbounded), Optional.of(unbounded));
        String token = runtime.tokens().create(BENCH, principal, Optional.empty()).token();
        long postingsBefore = count(runtime, "select count(*) from journal_entry where kind = 'TRANSFER'");
        runtime.jobs().start(runtime.auditSealer(java.time.Duration.ofSeconds(1)));
        try (McpHttpServer server = McpHttpServer.start(runtime, runtime.toolBox(), "127.0.0.1", 0, List.of())) {
            Load load = load(server, token, numbers);
            double tps = load.transfers / (double) seconds;
            out.printf("MCP transfers over Streamable HTTP: %.0f per second (%d posted, %d errors)%n", tps, load.transfers, load.errors);
            out.printf("  transfer latency p50 %.2f ms, p99 %.2f ms%n", Latencies.percentileMs(load.transferNanos, 50), Latencies.percentileMs(load.transferNanos, 99));
            double balanceP99 = Latencies.percentileMs(load.balanceNanos, 99);
            out.printf("  get_balance latency p50 %.2f ms, p99 %.2f ms (target p99 <= 5 ms: %s)%n",
                    Latencies.percentileMs(load.balanceNanos, 50), balanceP99, balanceP99 <= 5 ? "met" : "missed");
            baseline.ifPresent(result -> {
                double ratio = tps / result.tps().doubleValue();
                out.printf("ratio MCP transfers/pgbench: %.2f (target >= 0.40: %s)%n", ratio, ratio >= 0.4 ? "met" : "missed");
            });
        }
        long posted = count(runtime, "select count(*) from journal_entry where kind = 'TRANSFER'") - postingsBefore;
        List<String> violations = runtime.invariants().violations();
        out.println("journal: " + posted + " transfers posted; invariants: "
                + (violations.isEmpty() ? "all hold" : violations.size() + " VIOLATED"));
        violations.forEach(v -> out.println("  VIOLATION " + v));
        return violations.isEmpty();
    }

    private static final class Load {
        long transfers;
        long errors;
        long[] transferNanos = new long[0];
        long[] balanceNanos = new long[0];
    }

    private Load load(McpHttpServer server, String token, List<AccountNumber> numbers) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime() + 3_000_000_000L; // warm-up: JIT, pools, sessions
        long end = start + seconds * 1_000_000_000L;
        AtomicLong keys = new AtomicLong();
        AtomicLong transfers = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Future<long[][]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(workers.submit(() -> {
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.baseUri().toString())
                                .endpoint(McpHttpServer.MCP_ENDPOINT)
                                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                                .build())
                        .clientInfo(new McpSchema.Implementation("agentbank-bench", "1.0"))
                        .requestTimeout(Duration.ofSeconds(30))
                        .build();
                client.initialize();
                long[] transferTimes = new long[1 << 14];
                long[] balanceTimes = new long[1 << 14];
                int t = 0;
                int b = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        int from = random.nextInt(numbers.size());
                        int to = (from + 1 + random.nextInt(numbers.size() - 1)) % numbers.size();
                        long began = System.nanoTime();
                        McpSchema.CallToolResult moved = client.callTool(new McpSchema.CallToolRequest("transfer", Map.of(
                                "from_account", numbers.get(from).value(), "to_account", numbers.get(to).value(),
                                "amount", BigDecimal.valueOf(random.nextLong(1, 10_000), 2).toPlainString(),
                                "idempotency_key", "bench-" + keys.incrementAndGet())));
                        long between = System.nanoTime();
                        client.callTool(new McpSchema.CallToolRequest("get_balance", Map.of("account_number", numbers.get(to).value())));
                        long finished = System.nanoTime();
                        if (began < start) {
                            continue;
                        }
                        if (Boolean.TRUE.equals(moved.isError())) {
                            errors.incrementAndGet();
                        } else {
                            transfers.incrementAndGet();
                        }
                        if (t == transferTimes.length) {
                            transferTimes = Arrays.copyOf(transferTimes, t * 2);
                            balanceTimes = Arrays.copyOf(balanceTimes, t * 2);
                        }
                        transferTimes[t++] = between - began;
                        balanceTimes[b++] = finished - between;
                    }
                } finally {
                    client.closeGracefully();
                }
                return new long[][] {Arrays.copyOf(transferTimes, t), Arrays.copyOf(balanceTimes, b)};
            }));
        }
        Load load = new Load();
        List<long[][]> all = new ArrayList<>();
        for (Future<long[][]> result : results) {
            all.add(result.get());
        }
        workers.shutdown();
        load.transfers = transfers.get();
        load.errors = errors.get();
        load.transferNanos = all.stream().flatMapToLong(r -> Arrays.stream(r[0])).sorted().toArray();
        load.balanceNanos = all.stream().flatMapToLong(r -> Arrays.stream(r[1])).sorted().toArray();
        return load;
    }

    /** Launch to tools/list answer, as MCP clients do on every start, with an existing data directory. */
    private void coldStart(BankConfig config) throws Exception {
        Path home = Files.createTempDirectory("agentbank-cold-start");
        // Through the launcher when there is one, as Claude Desktop and other clients start it.
        String launcher = System.getProperty("bank.launcher");
        String java = launcher != null ? launcher : Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> args = launcher != null ? List.of("mcp")
                : List.of("-cp", System.getProperty("java.class.path"), McpMain.class.getName());
        Map<String, String> env = Map.of("BANK_HOME", home.toString(), "BANK_LOG_LEVEL", "WARN");
        out.println("stdio cold start (process launch to the tools/list answer) of " + (launcher != null ? "./bank mcp" : "McpMain")
                + ", BANK_HOME " + home + ":");
        long[] millis = new long[coldStarts];
        for (int run = -1; run < coldStarts; run++) {
            long began = System.nanoTime();
            int tools;
            long answered;
            McpSyncClient client = McpClient.sync(new StdioClientTransport(ServerParameters.builder(java).args(args).env(env).build(),
                            McpJsonDefaults.getMapper()))
                    .requestTimeout(Duration.ofSeconds(120)).initializationTimeout(Duration.ofSeconds(120)).build();
            try {
                client.initialize();
                tools = client.listTools().tools().size();
                answered = System.nanoTime();
            } finally {
                client.closeGracefully();
            }
            long elapsed = (answered - began) / 1_000_000;
            waitForEmbeddedServerToStop(home); // so the next start is cold, the first timed one included
            if (run < 0) {
                out.printf("  first start (creates the data directory, seeds demo data): %d ms, %d tools%n", elapsed, tools);
                continue;
            }
            millis[run] = elapsed;
            out.printf("  run %d: %d ms%n", run + 1, elapsed);
        }
        Arrays.sort(millis);
        long median = millis[millis.length / 2];
        out.printf("  median %d ms (target <= 2500 ms: %s)%n", median, median <= 2500 ? "met" : "missed");
    }

    /** Each child stops the embedded server when it exits last; give it a moment so the next start is cold. */
    private static void waitForEmbeddedServerToStop(Path home) throws InterruptedException {
        for (int i = 0; i < 50 && dev.agentbank.shared.jdbc.EmbeddedPostgresServer.portIfRunning(home.resolve("postgres")).isPresent(); i++) {
            Thread.sleep(100);
        }
    }

    private static long count(BankRuntime runtime, String sql) {
        return runtime.database().jdbc().query("count for the benchmark", connection -> {
            try (var statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
