package dev.agentbank.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.testing.TestBank;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./bank fraud backtest} as an operator runs it: a new JVM on the bank's database, the rules taken from its
 * BANK_FRAUD_* environment. Bad options are checked in this JVM, as they fail before the database is opened.
 */
class FraudCommandTest {
    @TempDir
    static Path operatorHome;

    static TestBank bank;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    @BeforeAll
    static void plant() {
        bank = TestBank.create();
        AccountNumber mule = bank.checking("0.00");
        bank.deposit(mule, "1500.00");
        bank.withdraw(mule, "1300.00");
        AccountNumber busy = bank.checking("1000.00");
        for (int i = 0; i < 6; i++) {
            bank.withdraw(busy, "10.00");
        }
        // not drained: the command lets the monitor catch up first
    }

    @AfterAll
    static void close() {
        bank.close();
    }

    @Test
    void printsThePeriodTheRulesAPerRuleTableTheCountsAndTheWouldBeAlerts() throws Exception {
        Run run = bank(Map.of(), "fraud", "backtest", "--since", "30d");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("fraud backtest: ").contains("(the last 30d)")
                .containsPattern("monitor caught up first: \\d+ new events? read")
                .contains("thresholds: ALERT at score 40, HOLD at 70 (payments only)")
                .contains("  velocity 2026-12-v1, score 30: more than 5 outflows, or several adding up to more than 2000.00, within 60 minutes")
                .containsPattern("RULE +VERSION +HITS +SHARE +SCORE +IN ALERTS")
                .containsPattern("rapid-in-and-out +2026-12-v1 +1 +11\\.1 % +40 +1\\n")
                .containsPattern("velocity +2026-12-v1 +1 +11\\.1 % +30 +0\\n")
                .containsPattern("movements judged: +9 \\(7 outflows\\)")
                .containsPattern("would-be alerts: +1 \\(score 40 or more; 1 raised by the monitor too, 0 new\\)")
                .containsPattern("would-be holds: +0 ")
                .containsPattern("alerts actually raised: +1 \\(0 of them")
                .contains("would-be alerts, newest first (1 of 1):")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}Z +\\S+ +50 ALERT +yes +withdrawal of 1300.00 EUR")
                .contains("    rapid-in-and-out +40: credit of 1500.00 EUR");
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_alert")).as("the catching up raised what the live monitor would").isEqualTo(1);
    }

    @Test
    void theRulesComeFromTheEnvironmentSoAChangeShowsItsEffectAndWritesNoAlert() throws Exception {
        bank("fraud", "backtest", "--since", "1d"); // caught up
        long alerts = bank.queryLong("SELECT count(*) FROM fraud_alert");

        Run run = bank(Map.of("BANK_FRAUD_VELOCITY_MAX_COUNT", "1", "BANK_FRAUD_VELOCITY_SCORE", "40"),
                "fraud", "backtest", "--since", "12h", "--limit", "2");

        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains("velocity 2026-12-v1, score 40: more than 1 outflows")
                .containsPattern("would-be alerts: +6 \\(score 40 or more; 1 raised by the monitor too, 5 new\\)")
                .contains("would-be alerts, newest first (2 of 6):")
                .containsPattern("40 ALERT +no +withdrawal of 10.00 EUR");
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_alert")).isEqualTo(alerts);
    }

    @Test
    void aBadPeriodOrLimitIsOneClearLineAndExit2() throws Exception {
        Run weeks = bankInProcess("fraud", "backtest", "--since", "2w");
        assertThat(weeks.exit()).isEqualTo(2);
        assertThat(weeks.err().strip())
                .isEqualTo("bank: --since must be a whole number of days, hours or minutes such as 30d, 12h or 90m, got '2w'");

        Run tooLong = bankInProcess("fraud", "backtest", "--since", "400d");
        assertThat(tooLong.exit()).isEqualTo(2);
        assertThat(tooLong.err().strip()).isEqualTo("bank: --since goes back at most 366 days (366d), got 400 days");

        Run limit = bankInProcess("fraud", "backtest", "--since", "30d", "--limit", "-1");
        assertThat(limit.exit()).isEqualTo(2);
        assertThat(limit.err().strip()).isEqualTo("bank: --limit must be between 0 and 1000, got -1");

        Run missing = bankInProcess("fraud", "backtest");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--since=AGE'");
    }

    private static Run bank(String... args) throws IOException, InterruptedException {
        return bank(Map.of(), args);
    }

    /** Runs {@code bank <args>} in a new JVM, as {@code ./bank} does, against this test's database. */
    private static Run bank(Map<String, String> settings, String... args) throws IOException, InterruptedException {
        Database.Target target = bank.runtime().database().target();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), BankCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BANK_"));
        env.put("BANK_HOME", operatorHome.toString());
        env.put("BANK_DATABASE_URL", target.jdbcUrl());
        env.put("BANK_DATABASE_USER", target.user());
        if (!target.password().isEmpty()) {
            env.put("BANK_DATABASE_PASSWORD", target.password());
        }
        env.put("BANK_DATABASE_POOL_SIZE", "2");
        env.putAll(settings);
        Path out = Files.createTempFile(operatorHome, "out", ".txt");
        Path err = Files.createTempFile(operatorHome, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bank " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs {@code bank <args>} in this JVM, for commands that fail before opening the bank. */
    private static Run bankInProcess(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = BankCli.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
