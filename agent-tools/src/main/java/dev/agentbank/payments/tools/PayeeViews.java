package dev.agentbank.payments.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.payments.model.Payee;
import java.time.Instant;
import java.util.List;

/** What the payee tools return. The name is the customer's text: data to show, never instructions. */
public final class PayeeViews {
    private PayeeViews() {}

    /** One payee: where payments to it go, and how its addition was confirmed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PayeeView(String payeeId, long customerId, String name, String kind, String account, String status,
                            Instant createdAt, String confirmedThrough, String confirmedBy,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant removedAt) {
        static PayeeView of(Payee payee) {
            return new PayeeView(payee.id().value(), payee.customerId(), payee.name().value(),
                    payee.account().kind().name().toLowerCase(java.util.Locale.ROOT), payee.account().value(),
                    payee.status().name().toLowerCase(java.util.Locale.ROOT), payee.createdAt(),
                    payee.confirmation().channel(), payee.confirmation().by(), payee.removedAt());
        }
    }

    /** A customer's active payees, oldest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PayeeList(long customerId, List<PayeeView> payees) {}

    /**
     * What add_payee did: status added (with the payee, replayed when an earlier call under this key stored it),
     * not_added (with the reason), or awaiting_approval (with approval_id and what to do next).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Addition(String status,
                           @JsonInclude(JsonInclude.Include.NON_NULL) PayeeView payee,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replayed,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String reason,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String nextStep) {
        static Addition of(PayeeBook.AddOutcome outcome) {
            return switch (outcome) {
                case PayeeBook.AddOutcome.Added(Payee payee, boolean replayed) ->
                        new Addition("added", PayeeView.of(payee), replayed, null, null, null, null);
                case PayeeBook.AddOutcome.NotAdded(PayeeBook.NoConfirmation reason) ->
                        new Addition("not_added", null, null, reason.sentence(), null, null, null);
                case PayeeBook.AddOutcome.AwaitingConfirmation(String approvalId, Instant expiresAt) -> new Addition(
                        "awaiting_approval", null, null, null, approvalId, expiresAt, "This client cannot ask the customer"
                        + " directly, so their confirmation of the payee waits as approval request " + approvalId + " until "
                        + expiresAt + "; nothing is stored yet. Tell the customer to approve it outside this conversation,"
                        + " at the bank's terminal with ./bank approvals approve " + approvalId + ". You cannot approve it."
                        + " Once it is approved, call add_payee again with the same name, account and idempotency_key.");
            };
        }
    }
}
