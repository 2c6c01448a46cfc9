package dev.agentbank.app.bench;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.jdbc.Database.Target;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.shared.money.Money;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./bank bench}: pgbench's TPC-B-like load and ledger transfers, one after the other, with the same
 * client count on the same PostgreSQL server, each in a scratch database of its own. Fraud monitoring runs beside the
 * ledger load, as in a server. Prints both rates, their ratio, ledger latency percentiles, the monitor's throughput and
 * lag, payment screening's latency, and the invariants checked afterwards.
 */
public final class LedgerBench {
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Actor BENCH = Actor.of("system", "bench");
    private static final int SCREENINGS = 300;

    public record Options(int clients, int seconds, int accounts, int pgbenchScale, boolean skipPgbench, boolean skipFraud) {}

    private final BankConfig config;
    private final Database home;
    private final PrintStream out;

    public LedgerBench(BankConfig config, Database home, PrintStream out) {
        this.config = config;
        this.home = home;
        this.out = out;
    }

    /** Returns true when every invariant held. */
    public boolean run(Options options) throws Exception {
        Target server = home.target();
        out.printf("agentbank bench: %d clients, %d s per load, server %s%n", options.clients(), options.seconds(),
                server.withDatabase("…").jdbcUrl().replace("/…", ""));

        PgBench.Result baseline = pgbenchBaseline(server, options.clients(), options.seconds(), options.pgbenchScale(),
                options.skipPgbench(), out).orElse(null);

        recreate(server, "agentbank_bench");
        boolean sound;
        try (Database database = Database.open(server.withDatabase("agentbank_bench"), options.clients() + 2,
                "agentbank-bench", Optional.empty())) {
            BankRuntime runtime = new BankRuntime(database, config, Clock.systemUTC());
            Funded funded = fund(runtime, options.accounts());
            List<AccountNumber> accounts = funded.accounts();
            Load load;
            FraudAlongside.Figures fraud = null;
            long[] screening = null;
            if (options.skipFraud()) {
                load = transfers(runtime, accounts, options, (start, end) -> {});
            } else {
                try (FraudAlongside monitoring = new FraudAlongside(database, config, Clock.systemUTC()).start()) {
                    load = transfers(runtime, accounts, options, monitoring::measure);
                    fraud = monitoring.finish(options.seconds(), Duration.ofSeconds(60));
                    screening = monitoring.screen(funded.customerId(), accounts, SCREENINGS); // on the history the load left
                }
            }
            double tps = load.posted / load.elapsedSeconds;
            out.printf("ledger transfers: %.0f tps (%d posted, %d rejected), latency p50 %.2f ms, p99 %.2f ms, %s%n",
                    tps, load.posted, load.rejected, load.percentileMs(50), load.percentileMs(99),
                    options.skipFraud() ? "fraud monitor off" : "fraud monitor running beside it");
            if (baseline != null) {
                double ratio = tps / baseline.tps().doubleValue();
                out.printf("ratio ledger/pgbench: %.2f (target >= 0.60: %s)%n", ratio, ratio >= 0.6 ? "met" : "missed");
            }
            if (fraud != null) {
                fraud.print(out, tps);
                out.printf("fraud screening: %d payments screened on the load's accounts, p50 %.0f µs, p99 %.0f µs%n", screening.length,
                        Latencies.percentileMs(screening, 50) * 1000, Latencies.percentileMs(screening, 99) * 1000);
            }
            long sealStart = System.nanoTime();
            int sealed = runtime.auditChain().sealPending();
            out.printf("audit: sealed %d events in %.0f ms%n", sealed, (System.nanoTime() - sealStart) / 1e6);
            List<String> violations = runtime.invariants().violations();
            out.println("invariants: " + (violations.isEmpty() ? "all hold" : violations.size() + " VIOLATED"));
            dev.agentbank.ledger.jdbc.LedgerInvariants.names().forEach(name -> out.println("  checked: " + name));
            out.println("  checked: the audit chain verifies");
            violations.forEach(v -> out.println("  VIOLATION " + v));
            sound = violations.isEmpty();
        }
        drop(server, "agentbank_bench");
        return sound;
    }

    /** pgbench's TPC-B-like load on a scratch database of the same server: the yardstick for every bench. */
    public static Optional<PgBench.Result> pgbenchBaseline(Target server, int clients, int seconds, int scale, boolean skip,
                                                           PrintStream out) throws Exception {
        Optional<PgBench> pgbench = skip ? Optional.empty() : PgBench.find();
        if (pgbench.isEmpty()) {
            out.println(skip ? "pgbench: skipped" : "pgbench: not found (set BANK_PGBENCH, or install postgresql-client); running the agentbank half alone");
            return Optional.empty();
        }
        Target pgbenchDb = server.withDatabase("agentbank_pgbench");
        recreate(server, "agentbank_pgbench");
        out.printf("pgbench: %s, initialising scale %d…%n", pgbench.get().executable(), scale);
        pgbench.get().initialise(pgbenchDb, scale);
        PgBench.Result baseline = pgbench.get().run(pgbenchDb, clients, seconds);
        out.printf("pgbench TPC-B-like (%s): %s tps, latency average %s ms%n", baseline.version(),
                baseline.tps().setScale(0, java.math.RoundingMode.HALF_UP), baseline.averageLatencyMs());
        drop(server, "agentbank_pgbench");
        return Optional.of(baseline);
    }

    /** One bench customer and its accounts, each funded with 1,000,000.00 EUR. */
    public record Funded(long customerId, List<AccountNumber> accounts) {}

    public static Funded fund(BankRuntime runtime, int count) {
        return fund(runtime, count, "fund-");
    }

    /** A new customer with {@code count} funded accounts; {@code keyPrefix} keeps each customer's funding keys apart. */
    public static Funded fund(BankRuntime runtime, int count, String keyPrefix) {
        long customer = runtime.customers().register(BENCH, "Bench Customer", null).id();
        List<AccountNumber> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Account account = runtime.accounts().open(BENCH, customer, AccountKind.CHECKING, EUR, Money.zero(EUR));
            runtime.ledger().post(BENCH, new Commands.Deposit(account.number(), new BigDecimal("1000000.00"),
                    Optional.of(EUR), "bench funding", new IdempotencyKey(keyPrefix + i)));
            numbers.add(account.number());
        }
        return new Funded(customer, numbers);
    }

    private static final class Load {
        long posted;
        long rejected;
        double elapsedSeconds;
        long[] latenciesNanos = new long[0];

        double percentileMs(int percentile) {
            return Latencies.percentileMs(latenciesNanos, percentile);
        }
    }

    /** Told the measured window of a load, in {@link System#nanoTime()}. */
    @FunctionalInterface
    interface Window {
        void measure(long start, long end);
    }

    private Load transfers(BankRuntime runtime, List<AccountNumber> accounts, Options options, Window window) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(options.clients());
        AtomicLong keys = new AtomicLong();
        long warmupEnd = System.nanoTime() + 2_000_000_000L;
        long start = warmupEnd;
        long end = start + options.seconds() * 1_000_000_000L;
        window.measure(start, end);
        List<Future<long[]>> results = new ArrayList<>();
        AtomicLong posted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        for (int w = 0; w < options.clients(); w++) {
            results.add(workers.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (true) {
                    long began = System.nanoTime();
                    if (began >= end) {
                        break;
                    }
                    int a = random.nextInt(accounts.size());
                    int b = random.nextInt(accounts.size() - 1);
                    if (b >= a) {
                        b++;
                    }
                    BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 10_000), 2);
                    LedgerOutcome outcome = runtime.ledger().post(BENCH, new Commands.Transfer(accounts.get(a), accounts.get(b),
                            amount, Optional.of(EUR), null, new IdempotencyKey("t-" + keys.incrementAndGet())));
                    long finished = System.nanoTime();
                    if (began < start) {
                        continue; // warm-up: JIT and pool, not measured
                    }
                    if (outcome instanceof LedgerOutcome.Posted) {
                        posted.incrementAndGet();
                    } else {
                        rejected.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = finished - began;
                }
                return Arrays.copyOf(latencies, n);
            }));
        }
        Load load = new Load();
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        workers.shutdown();
        load.elapsedSeconds = options.seconds();
        load.posted = posted.get();
        load.rejected = rejected.get();
        load.latenciesNanos = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return load;
    }

    public static void recreate(Target server, String database) throws SQLException {
        drop(server, database);
        admin(server, "CREATE DATABASE " + database);
    }

    public static void drop(Target server, String database) throws SQLException {
        admin(server, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void admin(Target server, String sql) throws SQLException {
        try (Connection connection = server.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
