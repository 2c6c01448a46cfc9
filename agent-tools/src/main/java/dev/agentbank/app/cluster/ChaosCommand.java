package dev.agentbank.app.cluster;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.Secret;
import dev.agentbank.config.Settings;
import dev.agentbank.sandbox.SandboxProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./bank chaos}: a bank workload over MCP through HAProxy while instances are killed, PostgreSQL goes away once
 * and the provider is too slow; then the books must balance and every acknowledged operation be posted exactly once.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Fault run: customers transfer and pay, a teller reverses, each operation retried under one idempotency",
                "key until answered, through HAProxy in front of several ./bank mcp --http instances, while instances are",
                "SIGKILLed and restarted, PostgreSQL is stopped and started once, and the provider answers payments too slowly.",
                "Then checks the ledger's invariants, the audit chain, and that each acknowledged operation was posted exactly",
                "once and no refused one at all. Exits 1 on any violation. With BANK_DATABASE_URL it stops that (local) server",
                "with pg_ctlcluster; otherwise it runs its own embedded PostgreSQL under $BANK_HOME/chaos. Needs HAProxy."})
public final class ChaosCommand implements Callable<Integer> {
    /** How long an operation in flight at the end keeps being retried, and how long instances get to come back. */
    private static final Duration GRACE = Duration.ofSeconds(90);

    @Option(names = "--seconds", defaultValue = "30", description = "How long the workload runs (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--instances", defaultValue = "3", description = "Instances behind HAProxy (default ${DEFAULT-VALUE}).")
    int instances;

    @Option(names = "--customers", defaultValue = "4", description = "Customers working at once (default ${DEFAULT-VALUE}).")
    int customers;

    /** The instances' limits are lifted so no movement waits for a human; the provider times out after a second. */
    static Map<String, String> instanceSettings(String databaseUrl) {
        Map<String, String> settings = new HashMap<>();
        settings.put("BANK_DATABASE_URL", databaseUrl);
        settings.put("BANK_APPROVAL_THRESHOLD", "1000000.00");
        settings.put("BANK_MAX_PER_TRANSACTION", "1000000.00");
        settings.put("BANK_DAILY_OUTFLOW_LIMIT", "1000000000.00");
        settings.put("BANK_NEW_PAYEE_CAP", "1000000.00");
        settings.put("BANK_FRAUD_ALERT_AT", "1000");
        settings.put("BANK_FRAUD_HOLD_AT", "1000");
        settings.put("BANK_DATABASE_POOL_SIZE", "8");
        settings.put("BANK_PROVIDER_CONNECT_TIMEOUT_MS", "500");
        settings.put("BANK_PROVIDER_READ_TIMEOUT_MS", "1000");
        settings.put("BANK_PROVIDER_CALL_TIMEOUT_MS", "1500");
        settings.put("BANK_PROVIDER_MAX_RETRIES", "0");
        settings.put("BANK_PROVIDER_RECONCILE_INTERVAL_MS", "2000");
        return settings;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (seconds < 10 || seconds > 86_400) {
            throw new ConfigException("--seconds must be from 10 to 86400");
        }
        if (customers < 1 || customers > 50) {
            throw new ConfigException("--customers must be from 1 to 50");
        }
        Path launcher = Launcher.path();
        Haproxy.locate();
        PrintStream out = System.out;
        PrintStream progress = System.err;
        BankConfig base = BankConfig.fromEnvironment();
        Path directory = base.home().resolve("chaos");
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Optional<String> machineUrl = Optional.ofNullable(System.getenv("BANK_DATABASE_URL")).filter(url -> !url.isBlank());
        Cluster.clearLogs(directory); // the counts read this run's instance logs only
        try (ChaosDatabase database = machineUrl.<ChaosDatabase>map(ChaosDatabase.Machine::of)
                .orElseGet(() -> ChaosDatabase.Owned.startFresh(directory.resolve("postgres")))) {
            progress.println("chaos: database: " + database.describe());
            Map<String, String> settings = instanceSettings(database.jdbcUrl());
            if (machineUrl.isEmpty()) {
                settings.put("BANK_DATABASE_USER", "postgres");
                settings.put("BANK_DATABASE_PASSWORD", "");
            }
            Map<String, String> environment = new HashMap<>(System.getenv());
            environment.putAll(settings);
            try (BankRuntime bank = BankRuntime.open(BankConfig.from(Settings.fromEnvironment(environment)), "agentbank-chaos")) {
                ChaosFixture fixture = ChaosFixture.create(bank, run, customers);
                Secret providerToken = SandboxProvider.newToken();
                try (SandboxProvider provider = SandboxProvider.start(bank.database().dataSource(), "127.0.0.1", 0, providerToken)) {
                    settings.put("BANK_PROVIDER_URL", provider.url().toString());
                    settings.put("BANK_PROVIDER_TOKEN", providerToken.value());
                    Cluster.Options options = new Cluster.Options(instances, 0, Optional.empty(), directory, launcher, settings, true);
                    try (Cluster cluster = Cluster.start(options, progress)) {
                        // SIGTERM to this process alone must not leave HAProxy, the instances or the database behind.
                        Thread cleanup = new Thread(() -> {
                            cluster.close();
                            database.close();
                        }, "chaos-stop");
                        Runtime.getRuntime().addShutdownHook(cleanup);
                        try {
                            progress.println("chaos: " + instances + " instances behind " + cluster.mcpUrl() + "; workload for " + seconds + " s");
                            return runAndCheck(bank, fixture, run, cluster, database, provider, out, progress);
                        } finally {
                            removeQuietly(cleanup);
                        }
                    }
                }
            }
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }

    private int runAndCheck(BankRuntime bank, ChaosFixture fixture, String run, Cluster cluster, ChaosDatabase database,
                            SandboxProvider provider, PrintStream out, PrintStream progress) throws InterruptedException {
        Duration length = Duration.ofSeconds(seconds);
        FaultPlan plan = FaultPlan.forRun(length);
        Instant origin = Instant.now();
        List<ChaosOperation> operations;
        FaultRunner.Counts faults;
        boolean healed;
        try (FaultRunner runner = new FaultRunner(plan, cluster.instances(), database, provider, progress)) {
            runner.start(origin);
            Workload workload = new Workload(cluster.mcpUrl(), fixture, run, origin.plus(length), origin.plus(length).plus(GRACE));
            operations = workload.run(2);
            healed = runner.awaitHealed(GRACE);
            faults = runner.counts();
        }
        ChaosChecks.Result checked = new ChaosChecks(bank.database().jdbc(), bank.invariants())
                .check(operations, "chaos-" + run + "-", fixture.customerIds(), fixture.depositedMinor());
        ChaosReport report = new ChaosReport(seconds, cluster.instances().size(), operations, faults, checked, healed);
        report.print(out);
        return report.passed() ? 0 : 1;
    }
}
