package dev.agentbank.fraud.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.FraudConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The backtest replays fraud's movements through a scorecard and says what it would flag, writing nothing. */
class BacktestTest {
    private static final Backtest.Lookback THIRTY_DAYS = Backtest.Lookback.parse("30d");
    private static final Scorecard CONFIGURED = scorecard(Map.of());

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final MutableClock clock = new MutableClock(now.minus(Duration.ofDays(40)));
    private TestBank bank;
    private AccountNumber mule;
    private AccountNumber busy;

    @BeforeEach
    void open() {
        bank = TestBank.create(clock);
        // 40 days ago, outside the period: a credit mostly paid out again, which raised its alert then
        AccountNumber old = bank.checking("0.00");
        bank.deposit(old, "5000.00");
        clock.advance(Duration.ofMinutes(5));
        bank.withdraw(old, "4500.00");

        clock.set(now.minus(Duration.ofHours(2)));
        mule = bank.checking("0.00");
        bank.deposit(mule, "1500.00");
        clock.advance(Duration.ofMinutes(5));
        bank.withdraw(mule, "1300.00"); // rapid-in-and-out 40 + round-amount 10: an alert
        busy = bank.checking("1000.00");
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMinutes(1));
            bank.withdraw(busy, "10.00"); // the sixth is one more than velocity's 5 an hour: 30, under ALERT
        }
        clock.set(now);
    }

    @AfterEach
    void close() {
        bank.close();
    }

    private Backtest backtest() {
        return new Backtest(new Jdbc(bank.dataSource()), bank.runtime().fraudMonitor(), new Activity(), new Alerts(), clock);
    }

    @Test
    void countsEachRulesHitsAndScoreOverThePeriodOnlyBesideTheAlertsRaised() {
        bank.runtime().fraudMonitor().drain();
        assertThat(bank.queryLong("SELECT count(*) FROM fraud_alert")).as("the old alert and the mule's").isEqualTo(2);

        Backtest.Report report = backtest().run(CONFIGURED, THIRTY_DAYS, 20);

        assertThat(report.since()).isEqualTo(now.minus(Duration.ofDays(30)));
        assertThat(report.judged()).isEqualTo(bank.queryLong("SELECT count(*) FROM fraud_movement WHERE at >= now() - interval '30 days'"))
                .isEqualTo(9); // the mule's deposit and withdrawal, the busy account's opening and six withdrawals
        assertThat(report.outflows()).isEqualTo(7);
        Map<String, Backtest.RuleTally> rules = byRule(report);
        assertThat(rules.keySet()).as("every rule of the scorecard, in its order")
                .containsExactlyElementsOf(CONFIGURED.rules().stream().map(dev.agentbank.fraud.model.Rule::id).toList());
        assertThat(rules.get("rapid-in-and-out")).isEqualTo(new Backtest.RuleTally("rapid-in-and-out", "2026-12-v1", 1, 40, 1));
        assertThat(rules.get("round-amount")).isEqualTo(new Backtest.RuleTally("round-amount", "2026-12-v1", 1, 10, 1));
        assertThat(rules.get("velocity")).isEqualTo(new Backtest.RuleTally("velocity", "2026-12-v1", 1, 30, 0));
        assertThat(rules.values().stream().mapToInt(Backtest.RuleTally::hits).sum()).as("no other rule fired").isEqualTo(3);
        assertThat(rules.get("velocity").sharePercent(report.judged())).isCloseTo(100.0 / 9, org.assertj.core.data.Offset.offset(0.01));

        assertThat(report.wouldAlert()).isEqualTo(1);
        assertThat(report.wouldHold()).isZero();
        assertThat(report.raised()).as("the alert 40 days ago is outside the period").isEqualTo(1);
        assertThat(report.raisedAndWould()).isEqualTo(1);
        assertThat(report.newest()).singleElement().satisfies(alert -> {
            assertThat(alert.observed().movement().account()).isEqualTo(mule.value());
            assertThat(alert.observed().description()).isEqualTo("withdrawal of 1300.00 EUR");
            assertThat(alert.verdict().score()).isEqualTo(50);
            assertThat(alert.raised()).isTrue();
            assertThat(alert.verdict().hits()).extracting(dev.agentbank.fraud.model.Hit::evidence)
                    .anySatisfy(evidence -> assertThat(evidence).contains("credit of 1500.00 EUR"));
        });
    }

    @Test
    void aStricterVelocityRuleWouldRaiseMoreAlertsAndTheBacktestWritesNothing() {
        bank.runtime().fraudMonitor().drain();
        TestBank.Snapshot before = bank.snapshot();
        String fraudBefore = fraudTables();

        Scorecard stricter = scorecard(Map.of("BANK_FRAUD_VELOCITY_MAX_COUNT", "1", "BANK_FRAUD_VELOCITY_SCORE", "40"));
        Backtest.Report configured = backtest().run(CONFIGURED, THIRTY_DAYS, 20);
        Backtest.Report strict = backtest().run(stricter, THIRTY_DAYS, 3);

        assertThat(byRule(strict).get("velocity").hits()).as("the 2nd to 6th withdrawal each exceed one an hour").isEqualTo(5);
        assertThat(strict.wouldAlert()).isEqualTo(6).isGreaterThan(configured.wouldAlert());
        assertThat(strict.newAlerts()).isEqualTo(5);
        assertThat(strict.droppedAlerts()).isZero();
        assertThat(strict.newest()).as("newest first, cut to the limit").hasSize(3)
                .allSatisfy(alert -> assertThat(alert.observed().movement().account()).isEqualTo(busy.value()))
                .extracting(alert -> alert.observed().movement().at()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(strict.newest().getFirst().raised()).isFalse();

        assertThat(bank.snapshot()).as("no audit row, no posting").isEqualTo(before);
        assertThat(fraudTables()).as("no alert, movement, signal or cursor change").isEqualTo(fraudBefore);
    }

    @Test
    void theMonitorCatchesUpFirstSoTheReplayCoversEveryCommittedEvent() {
        Backtest.Report report = backtest().run(CONFIGURED, THIRTY_DAYS, 20);

        assertThat(report.caughtUp()).isPositive();
        assertThat(report.judged()).isEqualTo(9);
        assertThat(report.wouldAlert()).isEqualTo(1);
        assertThat(report.raised()).as("the catching up raised what the live monitor would").isEqualTo(1);
        assertThat(backtest().run(CONFIGURED, THIRTY_DAYS, 20).caughtUp()).isZero();
    }

    @Test
    void onlyAnOutgoingPaymentWouldBeHeldAnyOtherMovementAtHoldIsAnAlert() {
        Backtest.Report report = backtest().run(scorecard(Map.of("BANK_FRAUD_HOLD_AT", "50")), THIRTY_DAYS, 20);

        assertThat(report.newest()).singleElement().satisfies(alert -> {
            assertThat(alert.verdict().action()).isEqualTo(Scorecard.Action.HOLD);
            assertThat(alert.hold()).as("a withdrawal is not screened").isFalse();
        });
        assertThat(report.wouldHold()).isZero();
    }

    @Test
    void aShorterPeriodJudgesOnlyItsMovementsWithTheirEarlierHistory() {
        Backtest.Report report = backtest().run(CONFIGURED, Backtest.Lookback.parse("90m"), 20);

        assertThat(report.judged()).as("the busy account's six withdrawals, from 1h54 to 1h49 ago, are older").isZero();
        Backtest.Report twoHours = backtest().run(CONFIGURED, Backtest.Lookback.parse("115m"), 20);
        assertThat(twoHours.judged()).as("the mule's withdrawal and the busy account's").isEqualTo(8);
        assertThat(byRule(twoHours).get("rapid-in-and-out").hits()).as("the deposit before the period still counts as history")
                .isEqualTo(1);
    }

    @Test
    void readsAPeriodInDaysHoursOrMinutesUpTo366Days() {
        assertThat(Backtest.Lookback.parse("30d").duration()).isEqualTo(Duration.ofDays(30));
        assertThat(Backtest.Lookback.parse(" 12H ").duration()).isEqualTo(Duration.ofHours(12));
        assertThat(Backtest.Lookback.parse("90m").duration()).isEqualTo(Duration.ofMinutes(90));
        assertThat(Backtest.Lookback.parse("366d").duration()).isEqualTo(Duration.ofDays(366));
        assertThatThrownBy(() -> Backtest.Lookback.parse("30")).isInstanceOf(InvalidRequest.class)
                .hasMessage("--since must be a whole number of days, hours or minutes such as 30d, 12h or 90m, got '30'");
        assertThatThrownBy(() -> Backtest.Lookback.parse("1w")).isInstanceOf(InvalidRequest.class).hasMessageContaining("got '1w'");
        assertThatThrownBy(() -> Backtest.Lookback.parse("-1d")).isInstanceOf(InvalidRequest.class).hasMessageContaining("got '-1d'");
        assertThatThrownBy(() -> Backtest.Lookback.parse("0h")).isInstanceOf(InvalidRequest.class)
                .hasMessage("--since must be more than zero, e.g. 30d");
        assertThatThrownBy(() -> Backtest.Lookback.parse("367d")).isInstanceOf(InvalidRequest.class)
                .hasMessage("--since goes back at most 366 days (366d), got 367 days");
        assertThatThrownBy(() -> Backtest.Lookback.parse("9000h")).isInstanceOf(InvalidRequest.class).hasMessageContaining("at most 366");
    }

    private String fraudTables() {
        return bank.queryString("SELECT (SELECT count(*) FROM fraud_alert) || '/' || (SELECT count(*) FROM fraud_movement) || '/'"
                + " || (SELECT count(*) FROM fraud_signal) || '/' || (SELECT count(*) FROM bank_event) || '/'"
                + " || (SELECT tx::text || ':' || event_id FROM event_cursor WHERE consumer = 'fraud-monitor')");
    }

    private static Map<String, Backtest.RuleTally> byRule(Backtest.Report report) {
        return report.rules().stream().collect(Collectors.toMap(Backtest.RuleTally::rule, tally -> tally, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    private static Scorecard scorecard(Map<String, String> settings) {
        return RuleBook.scorecard(FraudConfig.from(Settings.of(settings)));
    }
}
