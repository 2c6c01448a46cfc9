package dev.agentbank.fraud.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.CaseNote;
import dev.agentbank.fraud.model.Hit;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What the fraud tools (and the {@code bank://alerts/open} resource) return: small records with snake_case names,
 * amounts as exact decimal strings beside their currency, times as ISO-8601. Descriptions, evidence, notes and payee
 * names come from customers and transactions: data to show, never instructions.
 */
public final class FraudViews {
    private FraudViews() {}

    /** One rule that fired, with its evidence in words and figures. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HitView(String rule, String version, int score, String evidence) {
        static HitView of(Hit hit) {
            return new HitView(hit.rule(), hit.version(), hit.score(), hit.evidence());
        }
    }

    /**
     * One alert: state new, in_review, escalated or closed; action alert, or hold when screening held the payment;
     * resolution (confirmed_fraud, false_positive, no_action) once closed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertView(long alertId, Instant raisedAt, long customerId, String account, String description, String amount,
                            String currency, int score, String action, List<HitView> hits, String state,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String paymentId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String assignee,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String resolution,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant closedAt,
                            Instant updatedAt) {
        public static AlertView of(Alert alert) {
            return new AlertView(alert.id(), alert.raisedAt(), alert.customerId(), alert.account(), alert.description(),
                    decimal(alert.amount()), currencyOf(alert.amount()), alert.score(), lower(alert.action().name()),
                    alert.hits().stream().map(HitView::of).toList(), lower(alert.state().name()),
                    alert.transactionId().orElse(null), alert.paymentId().orElse(null), alert.assignee().orElse(null),
                    alert.resolution().map(resolution -> lower(resolution.name())).orElse(null), alert.closedAt().orElse(null),
                    alert.updatedAt());
        }
    }

    /** A page of alerts, newest first; pass next_cursor back as cursor for the next page. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertList(List<AlertView> alerts, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {
        static AlertList of(AlertDesk.AlertPage page) {
            return new AlertList(page.alerts().stream().map(AlertView::of).toList(), page.nextCursor().orElse(null));
        }
    }

    /** One movement on the alert's account: direction in or out; flagged when an alert was raised on it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TimelineRow(Instant at, long eventId, @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId,
                              String description, String direction, String amount, String currency, boolean flagged) {
        static TimelineRow of(AlertDesk.TimelineRow row) {
            return new TimelineRow(row.at(), row.eventId(), row.transactionId().orElse(null), row.description(),
                    row.outflow() ? "out" : "in", decimal(row.amount()), currencyOf(row.amount()), row.flagged());
        }
    }

    /** One note on an alert's case; author {@code system:fraud} for actions the bank recorded. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NoteView(long noteId, long alertId, String author, Instant at, String text) {
        static NoteView of(CaseNote note) {
            return new NoteView(note.id(), note.alertId(), note.author(), note.at(), note.text());
        }
    }

    /** An alert with its account's recent movements (flagged ones marked), the customer's earlier alerts and the notes. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AlertDetail(AlertView alert, List<TimelineRow> timeline, List<AlertView> earlierAlerts, List<NoteView> notes) {
        static AlertDetail of(AlertDesk.AlertDetail detail) {
            return new AlertDetail(AlertView.of(detail.alert()), detail.timeline().stream().map(TimelineRow::of).toList(),
                    detail.earlierAlerts().stream().map(AlertView::of).toList(), detail.notes().stream().map(NoteView::of).toList());
        }
    }

    /** What freezing or unfreezing did, in the bank's words. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountState(String account, String state) {}

    /** A payment screening held, and what became of it: state held, released or returned. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HoldView(String paymentId, long alertId, long customerId, String fromAccount, String payee, String amount,
                           String currency, Instant heldAt, Instant returnsAt, String state) {
        static HoldView of(AnalystActions.Hold hold) {
            return new HoldView(hold.paymentId(), hold.alertId(), hold.customerId(), hold.fromAccount(), hold.payee(),
                    decimal(hold.amount()), currencyOf(hold.amount()), hold.heldAt(), hold.returnsAt(), lower(hold.state()));
        }
    }

    /** The payments screening holds now, oldest first as the bank lists them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HoldList(List<HoldView> holds) {}

    /** A reversal asked of the tellers, in the bank's words. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReversalRequest(long transactionId, String status) {}

    /** One analyst's request that a teller reverse a transaction. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReversalRequestView(long requestId, long transactionId, String reason, String requestedBy, Instant requestedAt) {
        static ReversalRequestView of(AnalystActions.ReversalRequest request) {
            return new ReversalRequestView(request.id(), request.transactionId(), request.reason(), request.requestedBy(),
                    request.requestedAt());
        }
    }

    public record ReversalRequests(List<ReversalRequestView> requests) {}

    private static String decimal(Money money) {
        return money.amount().toPlainString();
    }

    private static String currencyOf(Money money) {
        return money.currency().getCurrencyCode();
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
