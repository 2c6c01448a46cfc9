package dev.agentbank.approvals.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.approvals.model.PendingConfirmation;
import dev.agentbank.approvals.model.PendingOperation;
import java.time.Instant;
import java.util.List;

/** What the approval tools return. Small records with snake_case names, amounts as exact decimal strings. */
public final class ApprovalViews {
    private ApprovalViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PendingView(String approvalId, String state, String kind,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String fromAccount,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String toAccount,
                              String amount, String currency, String reference, Instant createdAt, Instant expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId) {
        public static PendingView of(PendingOperation operation, Instant now) {
            return new PendingView(operation.id(), operation.statusAt(now).name(), operation.kind().name(), operation.fromAccount(),
                    operation.toAccount(), operation.amountText(), operation.currency(), operation.reference(),
                    operation.createdAt(), operation.expiresAt(), operation.decidedBy(), operation.transactionId());
        }
    }

    /** A request other than a money movement that waited for a human; {@code description} is what they were shown. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConfirmationView(String approvalId, String state, String subject, String description, Instant createdAt,
                                   Instant expiresAt, @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy) {
        public static ConfirmationView of(PendingConfirmation confirmation, Instant now) {
            return new ConfirmationView(confirmation.id(), confirmation.stateAt(now), confirmation.subject(),
                    confirmation.description(), confirmation.createdAt(), confirmation.expiresAt(), confirmation.decidedBy());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PendingList(List<PendingView> operations, List<ConfirmationView> confirmations) {}
}
