package dev.agentbank.ledger.tools;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.application.VisibleAccounts;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.identity.Capability;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.HistoryQuery;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Set;

/** History: an account's transactions, and one transaction's legs. */
public final class LedgerTools {
    private final ToolScope scope;
    private final VisibleAccounts visible;
    private final AccountHistory history;

    public LedgerTools(ToolScope scope, AccountDirectory accounts, AccountHistory history) {
        this.scope = scope;
        this.visible = accounts.visibleTo(scope.principal());
        this.history = history;
    }

    public static ToolModule module(AccountDirectory accounts, AccountHistory history) {
        return ToolModule.of(LedgerTools.class, scope -> new LedgerTools(scope, accounts, history));
    }

    @Tool(name = "list_transactions", value = """
            Lists an account's transactions, newest first, with the balance after each. Returns at most `limit` \
            rows; when has_more is true, call again with cursor = next_cursor for older ones.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "List transactions")
    public LedgerViews.HistoryPage listTransactions(
            @P("Account number.") String account_number,
            @P(value = "Rows per page, 1 to 100; default 20.", required = false) Integer limit,
            @P(value = "next_cursor from the previous page, unchanged.", required = false) String cursor,
            @P(value = "Only transactions on or after this date (YYYY-MM-DD, UTC) or instant.", required = false) String from,
            @P(value = "Only transactions before this date (YYYY-MM-DD, UTC) or instant.", required = false) String to,
            @P(value = "Only this kind: DEPOSIT, WITHDRAWAL, TRANSFER, REVERSAL or OPENING.", required = false) String kind) {
        Account account = visible.account(account_number, "account_number");
        Set<EntryKind> kinds = kind == null || kind.isBlank() ? Set.of() : Set.of(EntryKind.parse(kind).orElseThrow(
                () -> new ToolRefusal("kind must be one of " + Arrays.stream(EntryKind.values()).map(Enum::name)
                        .collect(Collectors.joining(", ")) + ".")));
        HistoryQuery query = new HistoryQuery(limit == null ? 20 : limit, Optional.empty(),
                instant(from, "from"), instant(to, "to"), kinds);
        if (cursor != null && !cursor.isBlank()) {
            query = query.after(cursor);
        }
        AccountHistory.Page page = history.page(account.number(), query)
                .orElseThrow(() -> new ToolRefusal("No account " + account.number() + " is available to you."));
        return new LedgerViews.HistoryPage(page.account().value(), page.rows().stream().map(LedgerViews.HistoryRow::of).toList(),
                page.nextCursor().orElse(null), page.nextCursor().isPresent());
    }

    @Tool(name = "get_transaction", value = "Returns one transaction with its legs on the accounts you can see.")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "Get transaction")
    public LedgerViews.Transaction getTransaction(@P("Transaction id, from list_transactions or a receipt.") long transaction_id) {
        return visibleTransaction(transaction_id);
    }

    private LedgerViews.Transaction visibleTransaction(long transactionId) {
        Optional<Receipt> receipt = transactionId > 0 ? history.transaction(transactionId) : Optional.empty();
        List<Receipt.Leg> legs = receipt.map(found -> LedgerViews.visibleLegs(found, scope.principal(), visible)).orElse(List.of());
        if (legs.isEmpty()) {
            throw new ToolRefusal("No transaction " + transactionId + " is available to you.");
        }
        return LedgerViews.transaction(receipt.get(), legs);
    }

    /** Staff see every leg; a customer sees only the legs on their own accounts. */
    private static Optional<Instant> instant(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.strip();
        try {
            return Optional.of(value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw new ToolRefusal(parameter + " must be a date such as 2026-11-01 or an instant such as 2026-11-01T09:30:00Z.");
        }
    }
}
