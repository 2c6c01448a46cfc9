package dev.agentbank.fraud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.events.EventStream;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.testing.TestBank;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor reads every event exactly once, whatever order transactions commit in, across crashes and restarts. */
class MonitorTest {
    private static final Actor CUSTOMER = Actor.of("customer", "1");
    private TestBank bank;

    @BeforeEach
    void open() {
        bank = TestBank.create();
        bank.runtime().fraudMonitor().drain(); // whatever the bank's own setup wrote
    }

    @AfterEach
    void close() {
        bank.close();
    }

    @Test
    void anEventWhoseTransactionCommitsLateIsNeitherSkippedNorReadTwice() throws Exception {
        long customer = bank.customer();
        try (Connection late = bank.connect(); Connection early = bank.connect()) {
            late.setAutoCommit(false);
            early.setAutoCommit(false);
            // "late" takes its transaction id first and writes its event last: a higher event id, a lower transaction id
            late.createStatement().execute("SELECT pg_current_xact_id()");
            payeeAdded(early, customer, "PY-EARLY");
            early.commit();
            Monitor.Pass first = bank.runtime().fraudMonitor().drain();
            assertThat(first.events()).as("nothing is read past a transaction still running").isZero();

            payeeAdded(late, customer, "PY-LATE");
            Monitor.Pass stillWaiting = bank.runtime().fraudMonitor().drain();
            assertThat(stillWaiting.events()).isZero();
            late.commit();
        }
        Monitor.Pass second = bank.runtime().fraudMonitor().drain();
        assertThat(second.events()).isEqualTo(2);
        assertThat(bank.runtime().fraudMonitor().drain().events()).as("a second pass reads nothing again").isZero();
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_signal WHERE payee_id IN ('PY-EARLY', 'PY-LATE')")).isEqualTo(2);
    }

    @Test
    void aRolledBackEventIsNeverRead() throws Exception {
        long customer = bank.customer();
        try (Connection writer = bank.connect()) {
            writer.setAutoCommit(false);
            payeeAdded(writer, customer, "PY-GONE");
            writer.rollback();
        }
        bank.runtime().fraudMonitor().drain();
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_signal WHERE payee_id = 'PY-GONE'")).isZero();
    }

    @Test
    void aCrashMidBatchReplaysTheWholeBatchOnceAfterARestart() {
        AccountNumber account = bank.checking("1000.00");
        for (int i = 0; i < 5; i++) {
            bank.withdraw(account, "10.00");
        }
        // the database refuses the fourth movement of the batch, as a process dying mid-batch would leave it
        bank.update("""
                CREATE FUNCTION die_mid_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT count(*) FROM fraud_movement WHERE account = NEW.account) >= 3 THEN
                        RAISE EXCEPTION 'the process died here';
                    END IF;
                    RETURN NEW;
                END $$""");
        bank.update("CREATE TRIGGER die_mid_batch BEFORE INSERT ON fraud_movement FOR EACH ROW EXECUTE FUNCTION die_mid_batch()");
        Jdbc jdbc = new Jdbc(bank.dataSource());
        Monitor dying = new Monitor(jdbc, new Activity(), new Alerts(), RuleBook.scorecard(dev.agentbank.config.FraudConfig.from(dev.agentbank.config.Settings.of(java.util.Map.of()))), new AlertChanges(), Clock.systemUTC());
        assertThatThrownBy(dying::drain).isInstanceOf(RuntimeException.class);
        bank.update("DROP TRIGGER die_mid_batch ON fraud_movement");
        assertThat(movementsOf(account)).as("the failed batch left nothing").isZero();

        // a new process: nothing in memory carries over, only the cursor in the database
        Monitor restarted = new Monitor(jdbc, new Activity(), new Alerts(), RuleBook.scorecard(dev.agentbank.config.FraudConfig.from(dev.agentbank.config.Settings.of(java.util.Map.of()))), new AlertChanges(), Clock.systemUTC());
        assertThat(restarted.drain().events()).as("each event of the failed batch read once more, none twice").isEqualTo(6);
        assertThat(movementsOf(account)).isEqualTo(6); // the opening deposit and five withdrawals
        bank.withdraw(account, "10.00");
        assertThat(restarted.drain().events()).isEqualTo(1);
        assertThat(movementsOf(account)).isEqualTo(7);
    }

    @Test
    void noPostingIsLostWhileManyCommitConcurrentlyAndTheJobRuns() throws Exception {
        List<AccountNumber> accounts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accounts.add(bank.checking("100000.00"));
        }
        bank.runtime().fraudMonitor().drain();
        long before = bank.queryLong("SELECT count(*) FROM fraud_movement");
        dev.agentbank.jobs.Jobs jobs = new dev.agentbank.jobs.Jobs();
        jobs.start(bank.runtime().fraudMonitoring(java.time.Duration.ofMillis(200)));
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> done = new ArrayList<>();
        int perThread = 40;
        for (int t = 0; t < 6; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    bank.transfer(accounts.get((thread + i) % 4), accounts.get((thread + i + 1) % 4), "1.00");
                }
                return null;
            }));
        }
        for (Future<?> future : done) {
            future.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        long expected = before + 6L * perThread * 2; // two customer legs per transfer
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (bank.queryLong("SELECT count(*) FROM fraud_movement") < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        jobs.close();
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_movement")).isEqualTo(expected);
        assertThat(bank.queryLong("SELECT count(*) FROM (SELECT transaction_id FROM fraud_movement WHERE description LIKE 'transfer%'"
                + " GROUP BY transaction_id HAVING count(*) <> 2) AS odd")).as("each transfer seen once, both legs").isZero();
    }

    @Test
    void aLargeCreditMostlyWithdrawnWithinADayRaisesAnExplainedAlert() {
        AccountNumber account = bank.checking("0.00");
        bank.deposit(account, "3000.00");
        bank.withdraw(account, "2500.00");
        Monitor.Pass pass = bank.runtime().fraudMonitor().drain();
        assertThat(pass.alerts()).hasSize(1);
        String evidence = bank.queryString("SELECT hits::text FROM fraud_alert WHERE id = " + pass.alerts().getFirst());
        assertThat(evidence).contains("rapid-in-and-out").contains("3000.00 EUR").contains("round-amount");
        assertThat(bank.queryString("SELECT description FROM fraud_alert WHERE id = " + pass.alerts().getFirst()))
                .isEqualTo("withdrawal of 2500.00 EUR");
    }

    @Test
    void anAccountQuietForLongerThanTheRulesLookBackIsStillSeenAsDormant() {
        dev.agentbank.testing.MutableClock clock = new dev.agentbank.testing.MutableClock(Instant.parse("2026-06-01T09:00:00Z"));
        try (TestBank quiet = TestBank.create(clock)) {
            AccountNumber account = quiet.checking("0.00");
            quiet.deposit(account, "3000.00");
            clock.advance(java.time.Duration.ofDays(120));
            quiet.withdraw(account, "2100.00");
            Monitor.Pass pass = quiet.runtime().fraudMonitor().drain();
            assertThat(pass.alerts()).hasSize(1);
            assertThat(quiet.queryString("SELECT hits::text FROM fraud_alert WHERE id = " + pass.alerts().getFirst()))
                    .contains("dormant-account").contains("120 days without any movement");
        }
    }

    @Test
    void eventsAreAppendOnly() {
        bank.deposit(bank.checking("0.00"), "1.00");
        assertThatThrownBy(() -> bank.update("UPDATE bank_event SET actor = 'customer:2'")).hasStackTraceContaining("append-only");
    }

    private long movementsOf(AccountNumber account) {
        return bank.queryLong("SELECT count(*) FROM fraud_movement WHERE account = '" + account.value() + "'");
    }

    private static void payeeAdded(Connection connection, long customer, String payee) throws SQLException {
        EventStream.append(connection, EventStream.Kind.PAYEE_ADDED, CUSTOMER, customer, Instant.now(),
                Map.of("payee_id", payee, "session", "s-1"));
    }
}
