package dev.agentbank.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.customers.Customer;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * What tools return: small records with snake_case names, amounts as exact decimal strings.
 * A model reads these, so they carry nothing internal (no database ids beyond the public ones).
 */
public final class Views {
    private Views() {}

    /** References are optional; the schema promises a string, so absent is empty. */
    static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    public static String decimal(Money money) {
        return money.amount().toPlainString();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountView(String accountNumber, @JsonInclude(JsonInclude.Include.NON_NULL) String name, long customerId,
                              String kind, String currency, String balance, String available, String overdraftLimit,
                              String status, Instant openedAt) {
        public static AccountView of(Account account) {
            return new AccountView(account.rawNumber(), account.name().orElse(null), account.customerId(), account.kind().name(),
                    account.currency().getCurrencyCode(), decimal(account.balance()), decimal(account.available()),
                    decimal(account.overdraftLimit()), account.status().name(), account.openedAt());
        }
    }

    /** The answer to open_account. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Opening(String status, String message,
                          @JsonInclude(JsonInclude.Include.NON_NULL) AccountView account,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String requestId) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountList(List<AccountView> accounts) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Balance(String accountNumber, String currency, String balance, String available, Instant asOf) {}

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
            return new HistoryRow(row.transactionId(), row.postedAt(), row.kind().name(), decimal(row.amount()),
                    row.amount().currency().getCurrencyCode(), decimal(row.balanceAfter()), orEmpty(row.reference()));
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record HistoryPage(String accountNumber, List<HistoryRow> transactions,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor, boolean hasMore) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerView(long customerId, String fullName, @JsonInclude(JsonInclude.Include.NON_NULL) String email,
                               Instant createdAt) {
        public static CustomerView of(Customer customer) {
            return new CustomerView(customer.id(), customer.fullName(), customer.email(), customer.createdAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CustomerList(List<CustomerView> customers,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Integer nextOffset) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuditReport(boolean intact, long verifiedEvents, long pendingEvents,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long brokenAtPosition,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PendingView(String approvalId, String state, String kind,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String fromAccount,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String toAccount,
                              String amount, String currency, String reference, Instant createdAt, Instant expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String decidedBy,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId) {
        public static PendingView of(PendingOperation operation, Instant now) {
            return new PendingView(operation.id(), operation.statusAt(now).name(), operation.kind(), operation.fromAccount(),
                    operation.toAccount(), operation.amountText(), operation.currency(), operation.reference(),
                    operation.createdAt(), operation.expiresAt(), operation.decidedBy(), operation.transactionId());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PendingList(List<PendingView> operations) {}

    public static Transaction transaction(Receipt receipt, List<Receipt.Leg> visibleLegs) {
        return new Transaction(receipt.transactionId(), receipt.kind().name(), receipt.postedAt(), orEmpty(receipt.reference()),
                receipt.reversesTransactionId(), visibleLegs.stream()
                .map(leg -> new Leg(leg.account().value(), decimal(leg.amount()), leg.amount().currency().getCurrencyCode(),
                        leg.balanceAfter() == null ? null : decimal(leg.balanceAfter())))
                .toList());
    }
}
