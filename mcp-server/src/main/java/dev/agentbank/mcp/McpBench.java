package dev.agentbank.mcp;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.bench.LedgerBench;
import dev.agentbank.app.bench.PgBench;
import dev.agentbank.app.cli.BankCli;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.RateLimitConfig;
import dev.agentbank.identity.Principal;
import dev.agentbank.mcp.bench.RawMcpSession;
import dev.agentbank.mcp.bench.SdkClientLoad;
import dev.agentbank.mcp.bench.ServerLoad;
import dev.agentbank.mcp.bench.ServerProcess;
import dev.agentbank.mcp.bench.WrkReport;
import dev.agentbank.mcp.bench.WrkRun;
import dev.agentbank.mcp.bench.WrkScript;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.jdbc.Database;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./bank bench --mcp}: the MCP server ({@code ./bank mcp --http}, a child process) under load from wrk, a
 * separate process, calling {@code get_balance} and {@code transfer} through the whole stack (HTTP, bearer check,
 * MCP, ToolBox, confirmation gate, ledger, audit), with the server's own CPU time per call, measured against pgbench
 * on the same database server in the same run; then the stdio cold start of {@code McpMain}.
 */
@Command(name = "bank bench --mcp", mixinStandardHelpOptions = true,
        description = "Measure the MCP server under load from wrk against pgbench, and its stdio cold start.")
public final class McpBench implements Callable<Integer> {
    private static final Actor BENCH = Actor.of("system", "bench");
    private static final String DATABASE = "agentbank_mcp_bench";
    private static final int WRK_THREADS = 2;

    @Option(names = "--clients", defaultValue = "8", description = "wrk connections, SDK clients and pgbench clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "10", description = "Measured seconds per load (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "3", description = "Unmeasured seconds of each tool first (default ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--accounts", defaultValue = "200", description = "Accounts to transfer among, split among the principals (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--principals", defaultValue = "8", description = "Customers whose agents make the calls, each with its own token and session (default ${DEFAULT-VALUE}).")
    int principals;

    @Option(names = "--scale", defaultValue = "10", description = "pgbench scale factor (default ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--skip-pgbench", description = "Run the MCP half only.")
    boolean skipPgbench;

    @Option(names = "--sdk-client", description = "Also load the server with MCP SDK clients in this JVM, the earlier figure.")
    boolean sdkClient;

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
        if (clients < WRK_THREADS || seconds < 1 || warmupSeconds < 0 || accounts < 2 || scale < 1 || coldStarts < 0 || principals < 1) {
            throw new ConfigException("--clients must be at least " + WRK_THREADS + ", --seconds and --scale at least 1, "
                    + "--accounts at least 2, --principals at least 1, --warmup-seconds and --cold-starts at least 0");
        }
        WrkRun wrk = WrkRun.find(WRK_THREADS, clients);
        BankConfig config = BankConfig.fromEnvironment();
        boolean sound;
        try (Database home = Database.open(config.database(), "agentbank-mcp-bench-admin")) {
            Database.Target server = home.target();
            out.printf("agentbank MCP bench: ./bank mcp --http in its own process, loaded by wrk (%d threads, %d connections), %d s per load%n",
                    WRK_THREADS, clients, seconds);
            out.printf("machine: %d cores, load average %s before the run (other work on the machine skews every figure)%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            Optional<PgBench.Result> baseline = LedgerBench.pgbenchBaseline(server, clients, seconds, scale, skipPgbench, out);
            LedgerBench.recreate(server, DATABASE);
            Database.Target benchDb = server.withDatabase(DATABASE);
            try (BankRuntime runtime = new BankRuntime(Database.open(benchDb, 2, "agentbank-mcp-bench", Optional.empty()),
                    config, Clock.systemUTC())) {
                sound = measure(runtime, benchDb, wrk, baseline);
            }
            LedgerBench.drop(server, DATABASE);
        }
        if (coldStarts > 0) {
            coldStart(config);
        }
        return sound ? 0 : 1;
    }

    private boolean measure(BankRuntime runtime, Database.Target benchDb, WrkRun wrk, Optional<PgBench.Result> baseline) throws Exception {
        // Several customers, as many agents would be: one principal's money movements queue on its daily-limit row.
        List<LedgerBench.Funded> customers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < principals; i++) {
            LedgerBench.Funded funded = LedgerBench.fund(runtime, Math.max(2, accounts / principals), "fund-" + i + "-");
            Principal principal = new Principal.CustomerPrincipal(funded.customerId());
            // The bench moves small amounts all day long, with nobody to ask: lift the daily limit and the confirmation
            // threshold (which also bounds the 24-hour total moved without a human) for its principals only.
            BigDecimal unbounded = new BigDecimal("1000000000000");
            runtime.spendingPolicies().set(principal, Optional.of(unbounded), Optional.of(unbounded), Optional.of(unbounded));
            customers.add(funded);
            tokens.add(runtime.tokens().create(BENCH, principal, Optional.empty()).token());
        }
        List<AccountNumber> numbers = customers.getFirst().accounts();
        String token = tokens.getFirst();
        long postingsBefore = transfersPosted(runtime);
        boolean clean;
        try (ServerProcess server = ServerProcess.start(System.getProperty("bank.launcher"), serverEnvironment(benchDb))) {
            out.printf("MCP server: pid %d at %s (its output: %s)%n", server.pid(), server.baseUri(), server.log());
            URI endpoint = server.baseUri().resolve(McpHttpServer.MCP_ENDPOINT);
            List<WrkScript.Caller> sessions = new ArrayList<>();
            List<WrkScript.Caller> statelessCallers = new ArrayList<>();
            for (int i = 0; i < principals; i++) {
                RawMcpSession session = RawMcpSession.open(endpoint, tokens.get(i));
                List<String> own = customers.get(i).accounts().stream().map(AccountNumber::value).toList();
                // One call of each by hand first: a bench whose calls all fail would measure nothing but error paths.
                session.callTool("get_balance", Map.of("account_number", own.get(0)));
                session.callTool("transfer", Map.of("from_account", own.get(0), "to_account", own.get(1),
                        "amount", "0.01", "idempotency_key", "bench-check-" + i + "-" + System.currentTimeMillis()));
                sessions.add(new WrkScript.Caller(session.headers(), own));
                Map<String, String> headers = new HashMap<>(session.headers());
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Mcp-Session-Id"));
                statelessCallers.add(new WrkScript.Caller(headers, own));
            }
            out.printf("principals: %d customers, %d accounts each, each with its own session; requests take turns among them%n",
                    principals, customers.getFirst().accounts().size());
            String nonce = Long.toString(System.currentTimeMillis(), 36);
            // A nonce per run keeps every idempotency key new, even against a database an earlier run left behind.
            BiFunction<WrkScript.Tool, String, String> script = (tool, run) -> WrkScript.lua(tool, McpHttpServer.MCP_ENDPOINT,
                    sessions, nonce + "-" + run);
            if (warmupSeconds > 0) {
                out.printf("warm-up: %d s of get_balance, then %d s of transfer (not counted)%n", warmupSeconds, warmupSeconds);
                wrk.run(endpoint, script.apply(WrkScript.Tool.GET_BALANCE, "warm-up"), warmupSeconds);
                wrk.run(endpoint, script.apply(WrkScript.Tool.TRANSFER, "warm-up"), warmupSeconds);
            }
            // What the server burns with no calls (its background jobs), so CPU per call can be read against it.
            long restBefore = server.cpuMillis();
            Thread.sleep(2_000);
            out.printf("server at rest: %d ms CPU per second (background jobs; not subtracted below)%n", (server.cpuMillis() - restBefore) / 2);
            ServerLoad balance = measure(server, wrk, endpoint, WrkScript.Tool.GET_BALANCE, script);
            long transfersBefore = transfersPosted(runtime);
            ServerLoad transfer = measure(server, wrk, endpoint, WrkScript.Tool.TRANSFER, script);
            long transfersDuring = transfersPosted(runtime) - transfersBefore;
            report(balance);
            report(transfer);
            out.printf("  (journal: %d transfers posted during the wrk transfer run; wrk counted %d answers)%n",
                    transfersDuring, transfer.wrk().requests());
            double balanceP99 = balance.wrk().p99Ms();
            out.printf("target get_balance p99 <= 5 ms: %s%n", balanceP99 <= 5 ? "met" : "missed");
            baseline.ifPresent(pg -> ratio("transfer calls/s (wrk) ÷ pgbench tps", transfer.wrk().requestsPerSecond(), pg));
            clean = warnOfErrors(balance) & warnOfErrors(transfer);
            clean &= statelessLoad(server, wrk, statelessCallers, nonce, baseline);
            if (sdkClient) {
                clean &= sdkClientLoad(server, token, numbers, baseline);
            }
        }
        out.println("load average after the MCP loads: " + loadAverage());
        long posted = transfersPosted(runtime) - postingsBefore;
        List<String> violations = runtime.invariants().violations();
        out.println("journal: " + posted + " transfers posted in all; invariants: "
                + (violations.isEmpty() ? "all hold" : violations.size() + " VIOLATED"));
        violations.forEach(v -> out.println("  VIOLATION " + v));
        return clean && violations.isEmpty();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException unavailable) {
            return "unknown";
        }
    }

    /** The child server uses the bench's scratch database on the same PostgreSQL server, not the user's ledger. */
    private static Map<String, String> serverEnvironment(Database.Target benchDb) {
        Map<String, String> environment = new HashMap<>();
        environment.put("BANK_DATABASE_URL", benchDb.jdbcUrl());
        environment.put("BANK_DATABASE_USER", benchDb.user());
        environment.put("BANK_DATABASE_PASSWORD", benchDb.password());
        // One principal driving hundreds of calls a second is the load, not abuse: lift its rate limits as the
        // spending limits are lifted.
        RateLimitConfig highest = RateLimitConfig.highest();
        environment.put("BANK_RATE_TOOLS_PER_MINUTE", Integer.toString(highest.toolsPerMinute()));
        environment.put("BANK_RATE_MONEY_PER_MINUTE", Integer.toString(highest.moneyPerMinute()));
        environment.put("BANK_RATE_HTTP_PER_SECOND", Integer.toString(highest.requestsPerSecond()));
        environment.put("BANK_RATE_HTTP_BURST", Integer.toString(highest.requestBurst()));
        return environment;
    }

    private ServerLoad measure(ServerProcess server, WrkRun wrk, URI endpoint, WrkScript.Tool tool,
                               BiFunction<WrkScript.Tool, String, String> script) throws Exception {
        String lua = script.apply(tool, "measured");
        long cpuBefore = server.cpuMillis();
        long jitBefore = server.jitCpuMillis();
        WrkReport report = wrk.run(endpoint, lua, seconds);
        return new ServerLoad(tool, report, server.cpuMillis() - cpuBefore, server.jitCpuMillis() - jitBefore);
    }

    /** The same two loads on /mcp/stateless: no session, one JSON answer per POST. */
    private boolean statelessLoad(ServerProcess server, WrkRun wrk, List<WrkScript.Caller> callers, String nonce,
                                  Optional<PgBench.Result> baseline) throws Exception {
        URI endpoint = server.baseUri().resolve(StatelessMcp.ENDPOINT);
        BiFunction<WrkScript.Tool, String, String> script = (tool, run) -> WrkScript.lua(tool, StatelessMcp.ENDPOINT,
                callers, nonce + "-stateless-" + run);
        if (warmupSeconds > 0) {
            wrk.run(endpoint, script.apply(WrkScript.Tool.GET_BALANCE, "warm-up"), warmupSeconds);
        }
        out.println("stateless Streamable HTTP (" + StatelessMcp.ENDPOINT + ", no session, JSON answers):");
        ServerLoad balance = measure(server, wrk, endpoint, WrkScript.Tool.GET_BALANCE, script);
        ServerLoad transfer = measure(server, wrk, endpoint, WrkScript.Tool.TRANSFER, script);
        report(balance);
        report(transfer);
        baseline.ifPresent(pg -> ratio("stateless transfer calls/s (wrk) ÷ pgbench tps", transfer.wrk().requestsPerSecond(), pg));
        return warnOfErrors(balance) & warnOfErrors(transfer);
    }

    private void report(ServerLoad load) {
        WrkReport wrk = load.wrk();
        out.printf("%-11s (wrk): %7.0f calls/s, p50 %6.2f ms, p99 %6.2f ms, errors %d, server CPU %.3f ms/call (%d ms over %d calls)%n",
                load.tool().mcpName(), wrk.requestsPerSecond(), wrk.p50Ms(), wrk.p99Ms(), wrk.errors(), load.cpuMillisPerCall(),
                load.serverCpuMillis(), wrk.requests());
        out.printf("              of which JIT compiler threads %d ms; without them %.3f ms/call%n", load.jitCpuMillis(),
                load.cpuMillisPerCallWithoutJit());
    }

    private boolean warnOfErrors(ServerLoad load) {
        WrkReport wrk = load.wrk();
        if (wrk.errors() == 0) {
            return true;
        }
        out.printf("!!! %s: %d of %d calls FAILED (HTTP status not 200: %d, tool errors: %d, JSON-RPC errors: %d, socket errors: %d);"
                        + " its figures are not of successful calls !!!%n", load.tool().mcpName(), wrk.errors(), wrk.requests(),
                wrk.badStatus(), wrk.toolErrors(), wrk.rpcErrors(), wrk.socketErrors());
        return false;
    }

    private void ratio(String what, double perSecond, PgBench.Result pgbench) {
        double ratio = perSecond / pgbench.tps().doubleValue();
        out.printf("ratio %s: %.2f (target >= 0.40: %s)%n", what, ratio, ratio >= 0.4 ? "met" : "missed");
    }

    private boolean sdkClientLoad(ServerProcess server, String token, List<AccountNumber> numbers, Optional<PgBench.Result> baseline)
            throws Exception {
        out.printf("SDK clients: %d MCP SDK clients in the bench's JVM, each transfer then get_balance, against the same server…%n", clients);
        SdkClientLoad.Result sdk = SdkClientLoad.run(server.baseUri(), token, numbers, clients, seconds, () -> {
            try {
                return server.cpuMillis();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double transfersPerSecond = sdk.transfers() / (double) seconds;
        out.printf("  transfer    (SDK): %7.0f calls/s, p50 %6.2f ms, p99 %6.2f ms%n", transfersPerSecond, sdk.transferP50Ms(), sdk.transferP99Ms());
        out.printf("  get_balance (SDK): %7.0f calls/s, p50 %6.2f ms, p99 %6.2f ms%n", sdk.balances() / (double) seconds,
                sdk.balanceP50Ms(), sdk.balanceP99Ms());
        out.printf("  errors %d; server CPU %.3f ms/call over both tools (%d ms over %d calls)%n", sdk.errors(),
                sdk.calls() == 0 ? 0 : sdk.serverCpuMillis() / (double) sdk.calls(), sdk.serverCpuMillis(), sdk.calls());
        baseline.ifPresent(pg -> ratio("transfer calls/s (SDK clients) ÷ pgbench tps", transfersPerSecond, pg));
        if (sdk.errors() > 0) {
            out.printf("!!! SDK clients: %d of %d calls FAILED; their figures are not of successful calls !!!%n", sdk.errors(), sdk.calls());
            return false;
        }
        return true;
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
        // On a busy machine the last child may exit before stopping its embedded server: leave no PostgreSQL behind.
        dev.agentbank.shared.jdbc.EmbeddedPostgresServer.stopIfRunning(home.resolve("postgres"));
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

    private static long transfersPosted(BankRuntime runtime) {
        return runtime.database().jdbc().query("count for the benchmark", connection -> {
            try (var statement = connection.createStatement();
                 var rows = statement.executeQuery("select count(*) from journal_entry where kind = 'TRANSFER'")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }
}
