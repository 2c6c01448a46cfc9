package dev.agentbank.fraud.application;

import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What an analyst does with alerts, for the MCP tools and the dashboard alike. Every method checks that the principal
 * may triage alerts (analysts only) and throws {@link dev.agentbank.shared.InvalidRequest} with a sentence for the
 * caller when it may not, or when the request does not fit (no such alert, an alert already closed, a blank reason).
 * Every change is audited with the analyst's identity.
 */
public interface AlertDesk {
    /** Newest first. {@code cursor} is the previous page's {@link AlertPage#nextCursor}; {@code limit} is 1..100. */
    AlertPage list(Principal analyst, AlertFilter filter, Optional<String> cursor, int limit);

    AlertDetail get(Principal analyst, long alertId);

    /** Takes a NEW alert into review, assigned to the calling analyst; an IN_REVIEW one is reassigned to them. */
    Alert assign(Principal analyst, long alertId);

    Alert escalate(Principal analyst, long alertId, String reason);

    CaseNote addNote(Principal analyst, long alertId, String text);

    Alert close(Principal analyst, long alertId, Resolution resolution, String reason);

    /** The figures behind the dashboard's charts, over the last {@code days} days. */
    AlertStats stats(Principal analyst, int days);

    /** Called after each new alert and each change of state, on a monitor or request thread; close to stop. */
    AutoCloseable onChange(Consumer<AlertChange> listener);

    /** Empty fields match everything. {@code rule} is a rule id such as "velocity". */
    record AlertFilter(Optional<AlertState> state, Optional<String> rule, Optional<Integer> minScore, Optional<Long> customerId) {
        public static final AlertFilter ALL = new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    record AlertPage(List<Alert> alerts, Optional<String> nextCursor) {}

    /** An alert with its account's recent movements (flagged ones marked), the customer's earlier alerts and the notes. */
    record AlertDetail(Alert alert, List<TimelineRow> timeline, List<Alert> earlierAlerts, List<CaseNote> notes) {}

    /** One movement on the alert's account; {@code flagged} when an alert was raised on it. */
    record TimelineRow(Instant at, long eventId, Optional<Long> transactionId, String description, boolean outflow, Money amount,
                       boolean flagged) {}

    record AlertChange(long alertId, AlertState state, boolean isNew) {}

    /**
     * @param perDay          alerts raised per day and rule (an alert with two hits counts for both rules)
     * @param perRule         closed alerts per rule and how many were false positives
     * @param medianToTriage  from raised to first assigned, over alerts assigned in the period
     * @param openByAge       open alerts (not CLOSED) by age: "< 1 day", "1-3 days", "3-7 days", "> 7 days"
     */
    record AlertStats(List<DayCount> perDay, List<RuleOutcomes> perRule, Optional<Duration> medianToTriage, List<AgeBucket> openByAge) {}

    record DayCount(LocalDate day, String rule, int alerts) {}

    record RuleOutcomes(String rule, int closed, int falsePositives) {}

    record AgeBucket(String label, int alerts) {}
}
