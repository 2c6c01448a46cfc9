package dev.agentbank.app.cli;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.fraud.application.Backtest;
import dev.agentbank.fraud.application.RuleBook;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.text.PlainText;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./bank fraud backtest}: what the configured fraud rules would have flagged, before a change goes live. */
@Command(name = "fraud", mixinStandardHelpOptions = true, description = "Fraud monitoring commands.",
        subcommands = FraudCommand.BacktestCommand.class)
final class FraudCommand {
    static final int MAX_LIMIT = 1000;

    @Command(name = "backtest", mixinStandardHelpOptions = true,
            description = {"Replay the movements of a past period through the fraud rules as now configured (BANK_FRAUD_*) and",
                    "report what they would have flagged, beside what was raised. Writes nothing: the fraud monitor first",
                    "catches up on committed events (as the live monitor would), then the replay reads in a read-only transaction."})
    static final class BacktestCommand implements Callable<Integer> {
        @Option(names = "--since", required = true, paramLabel = "AGE",
                description = "How far back: a whole number of days, hours or minutes, e.g. 30d, 12h or 90m (at most 366d).")
        String since;

        @Option(names = "--limit", defaultValue = "20",
                description = "Would-be alerts to list, newest first (default ${DEFAULT-VALUE}, at most " + MAX_LIMIT + ").")
        int limit;

        @Override
        public Integer call() {
            Backtest.Lookback lookback;
            try {
                lookback = Backtest.Lookback.parse(since);
            } catch (InvalidRequest e) {
                throw new ConfigException(e.getMessage());
            }
            if (limit < 0 || limit > MAX_LIMIT) {
                throw new ConfigException("--limit must be between 0 and " + MAX_LIMIT + ", got " + limit);
            }
            BankConfig config = BankConfig.fromEnvironment();
            Scorecard scorecard = RuleBook.scorecard(config.fraud());
            try (BankRuntime runtime = BankRuntime.open(config, "agentbank-fraud-backtest")) {
                Backtest backtest = new Backtest(runtime.database().jdbc(), runtime.fraudMonitor(), new Activity(), new Alerts(),
                        runtime.clock());
                print(backtest.run(scorecard, lookback, limit), since.strip(), System.out);
                return 0;
            }
        }
    }

    static void print(Backtest.Report report, String since, PrintStream out) {
        out.printf("fraud backtest: %s to %s (the last %s)%n", time(report.since()), time(report.until()), since);
        out.printf("monitor caught up first: %d new event%s read, as the live monitor would; the replay covers every movement it has read%n",
                report.caughtUp(), report.caughtUp() == 1 ? "" : "s");
        out.printf("thresholds: ALERT at score %d, HOLD at %d (payments only)%n", report.scorecard().alertAt(), report.scorecard().holdAt());
        out.println("rule book:");
        RuleBook.describe(report.scorecard()).forEach(line -> out.println("  " + line));
        out.println();

        out.printf("%-32s %-11s %7s %8s %8s %10s%n", "RULE", "VERSION", "HITS", "SHARE", "SCORE", "IN ALERTS");
        for (Backtest.RuleTally rule : report.rules()) {
            out.printf("%-32s %-11s %7d %6.1f %% %8d %10d%n", rule.rule(), rule.version(), rule.hits(), rule.sharePercent(report.judged()),
                    rule.score(), rule.inAlerts());
        }
        out.println();

        out.printf("movements judged:        %7d (%d outflows)%n", report.judged(), report.outflows());
        out.printf("would-be alerts:         %7d (score %d or more; %d raised by the monitor too, %d new)%n", report.wouldAlert(),
                report.scorecard().alertAt(), report.raisedAndWould(), report.newAlerts());
        out.printf("would-be holds:          %7d (outgoing payments scoring %d or more)%n", report.wouldHold(), report.scorecard().holdAt());
        out.printf("alerts actually raised:  %7d (%d of them the current rules would not raise)%n", report.raised(), report.droppedAlerts());
        out.println();

        if (report.newest().isEmpty()) {
            out.println(report.wouldAlert() == 0 ? "no would-be alerts in this period" : "would-be alerts not listed (--limit 0)");
            return;
        }
        out.printf("would-be alerts, newest first (%d of %d):%n", report.newest().size(), report.wouldAlert());
        out.printf("%-20s %-24s %5s %-6s %-6s %s%n", "TIME", "ACCOUNT", "SCORE", "ACTION", "RAISED", "DESCRIPTION");
        for (Backtest.WouldBe alert : report.newest()) {
            out.printf("%-20s %-24s %5d %-6s %-6s %s%n", time(alert.observed().movement().at()),
                    PlainText.clip(alert.observed().movement().account(), 24), alert.verdict().score(), alert.hold() ? "HOLD" : "ALERT",
                    alert.raised() ? "yes" : "no", PlainText.oneLine(alert.observed().description(), 100));
            for (Hit hit : alert.verdict().hits()) {
                out.printf("    %s +%d: %s%n", hit.rule(), hit.score(), PlainText.oneLine(hit.evidence(), 160));
            }
        }
    }

    private static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
