package dev.agentbank.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.application.AccountHistory;
import dev.agentbank.ledger.model.HistoryQuery;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly statement resource: {@code bank://accounts/{account_number}/statements/{month}} with the month as
 * YYYY-MM (UTC). Opening and closing balance and every transaction of the month, oldest first, as JSON. An
 * account the principal cannot see reads exactly like one that does not exist.
 */
final class Statements {
    static final String TEMPLATE = "bank://accounts/{account_number}/statements/{month}";
    private static final Pattern URI = Pattern.compile("bank://accounts/([^/]{1,64})/statements/([^/]{1,16})");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Statements() {}

    static SyncResourceTemplateSpecification specification(BankRuntime runtime, ToolBox toolBox, String transport,
                                                           PrincipalResolver principals) {
        McpSchema.ResourceTemplate template = McpSchema.ResourceTemplate.builder()
                .uriTemplate(TEMPLATE)
                .name("monthly_statement")
                .title("Monthly account statement")
                .description("One account's statement for one calendar month (UTC): opening and closing balance, "
                        + "money in and out, and every transaction of the month, oldest first. month is YYYY-MM, "
                        + "e.g. bank://accounts/AB0000000195/statements/2026-11.")
                .mimeType("application/json")
                .build();
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> read(runtime, toolBox, transport, principals, exchange, request.uri()));
    }

    private static McpSchema.ReadResourceResult read(BankRuntime runtime, ToolBox toolBox, String transport, PrincipalResolver principals,
                                                     McpSyncServerExchange exchange, String uri) {
        Principal principal = principals.resolve(exchange.transportContext())
                .orElseThrow(() -> error(McpSchema.ErrorCodes.INVALID_REQUEST, BankMcpServer.NOT_SIGNED_IN, uri));
        Matcher matcher = URI.matcher(uri == null ? "" : uri);
        if (!matcher.matches()) {
            throw error(McpSchema.ErrorCodes.INVALID_PARAMS,
                    "A statement address looks like bank://accounts/AB0000000195/statements/2026-11.", uri);
        }
        YearMonth month;
        try {
            month = YearMonth.parse(matcher.group(2));
        } catch (DateTimeParseException e) {
            throw error(McpSchema.ErrorCodes.INVALID_PARAMS, "month must be YYYY-MM, e.g. 2026-11.", uri);
        }
        CallContext context = McpCalls.context(exchange, transport, principal);
        Account account;
        try {
            account = runtime.accountDirectory().visibleTo(principal).account(matcher.group(1), "account_number");
        } catch (InvalidRequest refusal) {
            toolBox.recordCall(principal, context, "resource_read", "resource:statement", Map.of("uri", PlainText.clip(uri, 120)), "refused");
            throw error(McpSchema.ErrorCodes.RESOURCE_NOT_FOUND, refusal.getMessage(), uri);
        }
        if (month.isAfter(YearMonth.now(runtime.clock().withZone(ZoneOffset.UTC)))) {
            throw error(McpSchema.ErrorCodes.INVALID_PARAMS, "There is no statement for a month that has not begun.", uri);
        }
        String text;
        try {
            text = JSON.writeValueAsString(statement(runtime, account, month));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement could not be written as JSON", e);
        }
        toolBox.recordCall(principal, context, "resource_read", "resource:statement", Map.of("uri", PlainText.clip(uri, 120)), "ok");
        return new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(uri, "application/json", text)));
    }

    static Map<String, Object> statement(BankRuntime runtime, Account account, YearMonth month) {
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Money opening = runtime.history().page(account.number(),
                        new HistoryQuery(1, Optional.empty(), Optional.empty(), Optional.of(start), java.util.Set.of()))
                .flatMap(page -> page.rows().stream().findFirst())
                .map(AccountHistory.Row::balanceAfter)
                .orElse(Money.zero(account.currency()));
        List<AccountHistory.Row> rows = new ArrayList<>();
        HistoryQuery query = new HistoryQuery(HistoryQuery.MAX_LIMIT, Optional.empty(), Optional.of(start), Optional.of(end), java.util.Set.of());
        while (true) {
            Optional<AccountHistory.Page> page = runtime.history().page(account.number(), query);
            if (page.isEmpty()) {
                break;
            }
            rows.addAll(page.get().rows());
            if (page.get().nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.get().nextCursor().get());
        }
        Collections.reverse(rows);
        Money in = Money.zero(account.currency());
        Money out = Money.zero(account.currency());
        List<Map<String, Object>> transactions = new ArrayList<>();
        for (AccountHistory.Row row : rows) {
            if (row.amount().isNegative()) {
                out = out.plus(row.amount().negate());
            } else {
                in = in.plus(row.amount());
            }
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("transaction_id", row.transactionId());
            line.put("posted_at", row.postedAt().toString());
            line.put("kind", row.kind().shown().name());
            line.put("amount", row.amount().amount().toPlainString());
            line.put("balance_after", row.balanceAfter().amount().toPlainString());
            line.put("reference", row.reference());
            transactions.add(line);
        }
        Money closing = rows.isEmpty() ? opening : rows.get(rows.size() - 1).balanceAfter();
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("account_number", account.rawNumber());
        statement.put("currency", account.currency().getCurrencyCode());
        statement.put("month", month.toString());
        statement.put("period_start", start.toString());
        statement.put("period_end", end.toString());
        statement.put("opening_balance", opening.amount().toPlainString());
        statement.put("money_in", in.amount().toPlainString());
        statement.put("money_out", out.amount().toPlainString());
        statement.put("closing_balance", closing.amount().toPlainString());
        statement.put("transactions", transactions);
        return statement;
    }

    private static McpError error(int code, String message, String uri) {
        return McpError.builder(code).message(message).data(Map.of("uri", String.valueOf(uri))).build();
    }
}
