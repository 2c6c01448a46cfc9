package dev.agentbank.app.bench;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.BankConfig;
import dev.agentbank.fraud.application.AlertChanges;
import dev.agentbank.fraud.application.Monitor;
import dev.agentbank.fraud.application.RuleBook;
import dev.agentbank.fraud.application.Screening;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.jobs.Job;
import dev.agentbank.jobs.Jobs;
import dev.agentbank.payments.application.PaymentScreening.ScreeningRequest;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.shared.money.Money;
import java.io.PrintStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fraud monitoring beside the ledger load, as a long-running server runs it: the monitor's job, woken by LISTEN, judging
 * every posting while the transfers run at full speed. It measures the events judged per second, each event's lag from
 * its posting to the commit of the batch that judged it, and the backlog left when the load stops; afterwards, payment
 * screening on the accounts the load gave a history.
 */
final class FraudAlongside implements AutoCloseable {
    static final Duration LAG_GOAL = Duration.ofSeconds(1);
    private static final String BACKLOG = """
            SELECT count(*) FROM bank_event, event_cursor
            WHERE event_cursor.consumer = ? AND (bank_event.tx, bank_event.id) > (event_cursor.tx, event_cursor.event_id)""";
    private static final Currency EUR = Currency.getInstance("EUR");

    private final Database database;
    private final Scorecard scorecard;
    private final Monitor monitor;
    private final Jobs jobs = new Jobs();
    // written by the monitor's thread only, read once it has stopped
    private long[] lagsNanos = new long[1 << 16];
    private int lagCount;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean recording = true;
    private long judgedInWindow;

    FraudAlongside(Database database, BankConfig config, Clock clock) {
        this.database = database;
        this.scorecard = RuleBook.scorecard(config.fraud());
        this.monitor = new Monitor(database.jdbc(), new Activity(), new Alerts(), scorecard, new AlertChanges(), clock, this::judged);
    }

    /** Judges what is already there (the funding), then starts the monitor's job as BankRuntime.fraudMonitoring does. */
    FraudAlongside start() {
        monitor.drain();
        jobs.start(Job.atStartAndEvery(Monitor.CONSUMER, Monitor.POLL, monitor::drain));
        return this;
    }

    /** The measured load runs from {@code start} to {@code end}, in {@link System#nanoTime()}. */
    void measure(long start, long end) {
        windowEnd = end;
        windowStart = start;
    }

    private void judged(Duration lag) {
        long now = System.nanoTime();
        if (now < windowStart || !recording) {
            return; // warm-up, or after the backlog was drained
        }
        if (now < windowEnd) {
            judgedInWindow++;
        }
        if (lagCount == lagsNanos.length) {
            lagsNanos = Arrays.copyOf(lagsNanos, lagCount * 2);
        }
        lagsNanos[lagCount++] = lag.toNanos();
    }

    /** What the monitor did; call when the load has stopped. Waits for the backlog to drain, at most {@code patience}. */
    Figures finish(int seconds, Duration patience) throws InterruptedException {
        long stopped = System.nanoTime();
        long backlog = backlog();
        long left = backlog;
        long deadline = stopped + patience.toNanos();
        while (left > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            left = backlog();
        }
        Duration drainedIn = Duration.ofNanos(System.nanoTime() - stopped);
        recording = false;
        jobs.close();
        long[] lags = Arrays.copyOf(lagsNanos, lagCount);
        Arrays.sort(lags);
        long alerts = count("SELECT count(*) FROM fraud_alert");
        return new Figures(judgedInWindow / (double) seconds, lags, backlog, left == 0 ? Optional.of(drainedIn) : Optional.empty(), alerts);
    }

    /** Screens {@code count} payments from the load's accounts, after a few unmeasured ones; latencies in nanoseconds, sorted. */
    long[] screen(long customerId, List<AccountNumber> accounts, int count) {
        Screening screening = new Screening(database.jdbc(), new Activity(), scorecard);
        int warmUp = Math.min(50, count);
        long[] latencies = new long[count];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = -warmUp; i < count; i++) {
            Instant now = Instant.now();
            ScreeningRequest request = new ScreeningRequest(customerId, accounts.get(random.nextInt(accounts.size())).value(),
                    Money.ofMinor(random.nextLong(1, 100_000), EUR), "PY-BENCH", now.minus(Duration.ofDays(30)), false,
                    "PAY-BENCH-" + i, null, Optional.empty(), now);
            long began = System.nanoTime();
            screening.screen(request);
            if (i >= 0) {
                latencies[i] = System.nanoTime() - began;
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }

    /** The monitor's figures: events judged per second while the load ran, per-event lags (sorted), the backlog at its end. */
    record Figures(double eventsPerSecond, long[] lagsNanos, long backlogAtEnd, Optional<Duration> drainedIn, long alerts) {
        double lagMs(int percentile) {
            return Latencies.percentileMs(lagsNanos, percentile);
        }

        boolean keptUp() {
            return drainedIn.isPresent() && drainedIn.get().compareTo(LAG_GOAL) <= 0;
        }

        void print(PrintStream out, double ledgerTps) {
            double p99 = lagMs(99);
            out.printf("fraud monitor: %.0f events/s judged during the load (the ledger committed %.0f/s), lag commit to judged"
                            + " p50 %.1f ms, p99 %.1f ms over %d events (goal p99 <= %d ms: %s)%n", eventsPerSecond, ledgerTps, lagMs(50), p99,
                    lagsNanos.length, LAG_GOAL.toMillis(), p99 <= LAG_GOAL.toMillis() ? "met" : "missed");
            out.printf("  backlog when the load stopped: %d events, %s; %d alerts raised%n", backlogAtEnd,
                    drainedIn.map(d -> "drained in " + d.toMillis() + " ms" + (d.toMillis() > 0 && backlogAtEnd > 0
                                    ? String.format(" at %.0f events/s alone", backlogAtEnd * 1000.0 / d.toMillis()) : "")
                                    + (keptUp() ? " (kept up)" : " (fell behind)"))
                            .orElse("NOT drained within the wait (fell behind)"), alerts);
        }
    }

    private long backlog() {
        return database.jdbc().query("count the fraud monitor's backlog", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(BACKLOG)) {
                statement.setString(1, Monitor.CONSUMER);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long count(String sql) {
        return database.jdbc().query("count", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public void close() {
        recording = false;
        jobs.close();
    }
}
