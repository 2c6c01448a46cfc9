package dev.agentbank.ledger.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.accounts.application.VisibleAccounts;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.tools.Views;
import java.time.Instant;
import java.util.List;

/** What the ledger tools return: movements, transactions and history. Small records with snake_case names, amounts as exact decimal strings. */
public final class LedgerViews {
    private LedgerViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Leg(String accountNumber, String amount, String currency,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String balanceAfter) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Transaction(long transactionId, String kind, Instant postedAt, String reference,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long reversesTransactionId, List<Leg> legs) {}

    /** The answer to a money-moving tool. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Movement(Status status, String message,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Transaction transaction,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        public enum Status { POSTED, ALREADY_POSTED, AWAITING_APPROVAL, DECLINED, CANCELLED }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryRow(long transactionId, Instant postedAt, String kind, String amount, String currency,
                             String balanceAfter, String reference) {
        public static HistoryRow of(AccountHistory.Row row) {
            return new HistoryRow(row.transactionId(), row.postedAt(), row.kind().shown().name(), Views.decimal(row.amount()),
                    row.amount().currency().getCurrencyCode(), Views.decimal(row.balanceAfter()), Views.orEmpty(row.reference()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryPage(String accountNumber, List<HistoryRow> transactions,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor, boolean hasMore) {}

    public static Transaction transaction(Receipt receipt, List<Receipt.Leg> visibleLegs) {
        return new Transaction(receipt.transactionId(), receipt.kind().shown().name(), receipt.postedAt(), Views.orEmpty(receipt.reference()),
                receipt.reversesTransactionId(), visibleLegs.stream()
                .map(leg -> new Leg(leg.account().value(), Views.decimal(leg.amount()), leg.amount().currency().getCurrencyCode(),
                        leg.balanceAfter() == null ? null : Views.decimal(leg.balanceAfter())))
                .toList());
    }

    /** Staff see every leg; a customer sees only the legs on their own accounts. */
    public static List<Receipt.Leg> visibleLegs(Receipt receipt, Principal principal, VisibleAccounts visible) {
        if (principal instanceof Principal.Staff) {
            return receipt.legs();
        }
        return receipt.legs().stream().filter(leg -> visible.canSee(leg.account())).toList();
    }
}
