package dev.agentbank.fraud.application;

import dev.agentbank.fraud.jdbc.Activity;
import dev.agentbank.fraud.jdbc.Alerts;
import dev.agentbank.fraud.model.AccountActivity;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.fraud.model.Observed;
import dev.agentbank.fraud.model.Rule;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.fraud.model.Scorecard.Verdict;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replays the movements fraud monitoring has seen through a scorecard, usually the one now configured, and says what
 * it would have flagged: the effect of a threshold change before it goes live. It first lets the monitor catch up
 * (which writes only what the live monitor would), then reads in one read-only transaction and writes nothing.
 * Each movement is judged on its account's history and its customer's channel as they stood, as the monitor judges it.
 */
public final class Backtest {
    public static final Duration LONGEST = Duration.ofDays(366);

    private final Jdbc jdbc;
    private final Monitor monitor;
    private final Activity activity;
    private final Alerts alerts;
    private final Clock clock;

    public Backtest(Jdbc jdbc, Monitor monitor, Activity activity, Alerts alerts, Clock clock) {
        this.jdbc = jdbc;
        this.monitor = monitor;
        this.activity = activity;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** How far back to replay: "30d", "12h" or "90m", at most {@link #LONGEST}. */
    public record Lookback(Duration duration) {
        public Lookback {
            if (duration.isNegative() || duration.isZero()) {
                throw new InvalidRequest("--since must be more than zero, e.g. 30d");
            }
            if (duration.compareTo(LONGEST) > 0) {
                throw new InvalidRequest("--since goes back at most 366 days (366d), got " + duration.toDays() + " days");
            }
        }

        public static Lookback parse(String text) {
            String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            if (!value.matches("\\d{1,7}[dhm]")) {
                throw new InvalidRequest("--since must be a whole number of days, hours or minutes such as 30d, 12h or 90m, got '"
                        + (text == null ? "" : text.strip()) + "'");
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return new Lookback(switch (value.charAt(value.length() - 1)) {
                case 'd' -> Duration.ofDays(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            });
        }
    }

    /** One rule's part in the replay: how often it fired, how much score it added, how often within a would-be alert. */
    public record RuleTally(String rule, String version, int hits, long score, int inAlerts) {
        /** The share of judged movements it fired on, in percent. */
        public double sharePercent(int judged) {
            return judged == 0 ? 0 : 100.0 * hits / judged;
        }
    }

    /** A movement the scorecard would flag; {@code raised} when the monitor did raise an alert on it. */
    public record WouldBe(Observed observed, Verdict verdict, boolean raised) {
        public boolean hold() {
            return Backtest.wouldHold(observed, verdict);
        }
    }

    /**
     * What the replay found between {@code since} and {@code until}.
     *
     * @param caughtUp       events the monitor consumed before the replay, so the replay covers everything committed
     * @param outflows       of the {@code judged} movements, how many took money out
     * @param wouldAlert     movements at or above ALERT
     * @param wouldHold      outgoing payments at or above HOLD (a subset of {@code wouldAlert})
     * @param raised         alerts the monitor actually raised on these movements
     * @param raisedAndWould of the {@code raised}, those the scorecard would raise again
     * @param newest         would-be alerts, newest first, at most the limit asked for
     */
    public record Report(Instant since, Instant until, Scorecard scorecard, int caughtUp, int judged, int outflows,
                         List<RuleTally> rules, int wouldAlert, int wouldHold, int raised, int raisedAndWould, List<WouldBe> newest) {
        public Report {
            rules = List.copyOf(rules);
            newest = List.copyOf(newest);
        }

        /** Would-be alerts the monitor did not raise. */
        public int newAlerts() {
            return wouldAlert - raisedAndWould;
        }

        /** Alerts the monitor raised that the scorecard would no longer raise. */
        public int droppedAlerts() {
            return raised - raisedAndWould;
        }
    }

    /** Lets the monitor catch up, then replays the movements since {@code lookback} ago through {@code scorecard}. */
    public Report run(Scorecard scorecard, Lookback lookback, int limit) {
        if (limit < 0) {
            throw new InvalidRequest("--limit must be zero or more");
        }
        int caughtUp = monitor.drain().events();
        Instant until = clock.instant();
        Instant since = until.minus(lookback.duration());
        return jdbc.query("backtest the fraud rules", connection -> {
            // one snapshot for every read below, so history and movements agree with each other
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Tally tally = new Tally(scorecard, limit);
            Map<String, Set<Long>> flagged = new HashMap<>();
            List<Observed> movements = activity.since(connection, since);
            // the period's accounts and customers, with the span before it, read once: judged as the monitor judges
            WorkingSet everything = WorkingSet.read(connection, activity, movements);
            for (Observed observed : movements) {
                AccountActivity history = everything.activityFor(observed);
                Set<Long> raisedOn = flagged.get(observed.movement().account());
                if (raisedOn == null) {
                    raisedOn = alerts.flaggedEvents(connection, observed.movement().account());
                    flagged.put(observed.movement().account(), raisedOn);
                }
                tally.add(observed, scorecard.judge(observed.movement(), history), raisedOn.contains(observed.movement().eventId()));
            }
            return tally.report(since, until, caughtUp);
        });
    }

    static boolean wouldHold(Observed observed, Verdict verdict) {
        // only a payment is screened before its money leaves; any other movement at HOLD is an alert
        return verdict.action() == Scorecard.Action.HOLD && observed.movement().isOut() && observed.paymentId().isPresent();
    }

    /** Counts as the replay goes. */
    private static final class Tally {
        private final Scorecard scorecard;
        private final Map<String, long[]> perRule = new LinkedHashMap<>(); // hits, score, hits within would-be alerts
        private final int limit;
        private final ArrayDeque<WouldBe> newest = new ArrayDeque<>(); // the last `limit` would-be alerts: movements come oldest first
        private int wouldAlert;
        private int judged;
        private int outflows;
        private int wouldHold;
        private int raised;
        private int raisedAndWould;

        Tally(Scorecard scorecard, int limit) {
            this.scorecard = scorecard;
            this.limit = limit;
            for (Rule rule : scorecard.rules()) {
                perRule.put(rule.id(), new long[3]);
            }
        }

        void add(Observed observed, Verdict verdict, boolean wasRaised) {
            judged++;
            outflows += observed.movement().isOut() ? 1 : 0;
            boolean alert = verdict.action() != Scorecard.Action.NONE;
            for (Hit hit : verdict.hits()) {
                long[] counts = perRule.computeIfAbsent(hit.rule(), id -> new long[3]);
                counts[0]++;
                counts[1] += hit.score();
                counts[2] += alert ? 1 : 0;
            }
            raised += wasRaised ? 1 : 0;
            if (alert) {
                wouldAlert++;
                newest.addFirst(new WouldBe(observed, verdict, wasRaised));
                if (newest.size() > limit) {
                    newest.removeLast();
                }
                raisedAndWould += wasRaised ? 1 : 0;
                wouldHold += wouldHold(observed, verdict) ? 1 : 0;
            }
        }

        Report report(Instant since, Instant until, int caughtUp) {
            List<RuleTally> rules = new ArrayList<>();
            Map<String, String> versions = new HashMap<>();
            scorecard.rules().forEach(rule -> versions.put(rule.id(), rule.version()));
            perRule.forEach((rule, counts) -> rules.add(new RuleTally(rule, versions.getOrDefault(rule, "?"), (int) counts[0], counts[1],
                    (int) counts[2])));
            return new Report(since, until, scorecard, caughtUp, judged, outflows, rules, wouldAlert, wouldHold, raised,
                    raisedAndWould, List.copyOf(newest));
        }
    }
}
