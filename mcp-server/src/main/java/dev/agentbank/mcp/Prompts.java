package dev.agentbank.mcp;

import dev.agentbank.accounts.model.AccountNumber;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Prompt templates that steer a model to the right tools and to tool results only. */
final class Prompts {
    static final String MONTHLY_SPENDING = "monthly_spending_summary";

    private Prompts() {}

    static List<SyncPromptSpecification> specifications() {
        McpSchema.Prompt prompt = new McpSchema.Prompt(MONTHLY_SPENDING, "Monthly spending summary",
                "Summarise where an account's money went in one month, from the bank's own records.",
                List.of(new McpSchema.PromptArgument("account_number", "Account", "Account number, e.g. AB0000000195.", true),
                        new McpSchema.PromptArgument("month", "Month", "Calendar month as YYYY-MM, e.g. 2026-11.", true)));
        return List.of(new SyncPromptSpecification(prompt, (exchange, request) -> monthlySpending(request.arguments())));
    }

    static McpSchema.GetPromptResult monthlySpending(Map<String, Object> arguments) {
        Map<String, Object> args = arguments == null ? Map.of() : arguments;
        AccountNumber account = AccountNumber.parse(String.valueOf(args.getOrDefault("account_number", "")))
                .orElseThrow(() -> invalid("account_number must be an account number such as AB0000000195."));
        YearMonth month;
        try {
            month = YearMonth.parse(String.valueOf(args.getOrDefault("month", "")).strip());
        } catch (DateTimeParseException e) {
            throw invalid("month must be YYYY-MM, e.g. 2026-11.");
        }
        String from = month.atDay(1).toString();
        String to = month.plusMonths(1).atDay(1).toString();
        String text = """
                Summarise my spending on account %1$s in %2$s.

                1. Call list_transactions with account_number "%1$s", from "%3$s", to "%4$s" and limit 100. While \
                has_more is true, call it again with cursor set to next_cursor, so no transaction is left out.
                2. If you can read resources, bank://accounts/%1$s/statements/%2$s gives the same month with its \
                opening and closing balance.
                3. Group the money that went out (negative amounts) by what the references suggest (rent, groceries, \
                bills, transfers to savings, other), with a total per group, then give money in, money out and the \
                net change for the month.

                Use only figures from these tool results; do not estimate, round away or invent any amount. If a \
                tool answers with an error, say what it said instead of guessing. Do not move any money.""".formatted(
                account.value(), month, from, to);
        return new McpSchema.GetPromptResult("Spending summary for " + account.value() + " in " + month,
                List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(text))));
    }

    private static McpError invalid(String message) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message(message).build();
    }
}
