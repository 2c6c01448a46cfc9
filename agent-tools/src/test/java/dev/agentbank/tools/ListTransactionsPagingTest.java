package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.testing.SharedBankTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** list_transactions pages by cursor and never drops or repeats a row. */
class ListTransactionsPagingTest extends SharedBankTest {
    private static ToolBox tools;
    private static long owner;
    private static AccountNumber account;
    private static List<Long> posted;

    @BeforeAll
    static void fiveTransactions() {
        tools = bank.runtime().toolBox();
        owner = bank.customer();
        account = bank.account(owner).open();
        posted = new ArrayList<>();
        for (String amount : List.of("1.00", "2.00", "3.00", "4.00", "5.00")) {
            posted.add(bank.deposit(account, amount).transactionId());
        }
    }

    private static ToolResult page(Map<String, Object> arguments) {
        return tools.call(customer(owner), CONTEXT, "list_transactions", arguments);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> ids(ToolResult page) {
        return ((List<Map<String, Object>>) page.structured().get("transactions")).stream()
                .map(row -> ((Number) row.get("transaction_id")).longValue())
                .toList();
    }

    /** Follows next_cursor from the first page to the last and returns every page. */
    private static List<ToolResult> allPages(int limit, Runnable betweenFirstAndSecond) {
        List<ToolResult> pages = new ArrayList<>();
        ToolResult current = ok(page(args("account_number", account.value(), "limit", limit)));
        pages.add(current);
        betweenFirstAndSecond.run();
        while (Boolean.TRUE.equals(current.structured().get("has_more"))) {
            assertThat(pages).as("pages followed").hasSizeLessThan(20);
            Object cursor = current.structured().get("next_cursor");
            assertThat(cursor).as("next_cursor when has_more").isInstanceOf(String.class);
            current = ok(page(args("account_number", account.value(), "limit", limit, "cursor", cursor)));
            pages.add(current);
        }
        return pages;
    }

    @Test
    void limitTwoOverFiveRowsGivesThreePagesThatReachEveryRowOnceNewestFirst() {
        List<ToolResult> pages = allPages(2, () -> {});

        assertThat(pages).hasSize(3);
        assertThat(pages.subList(0, 2)).allSatisfy(page -> {
            assertThat(page.structured()).containsEntry("has_more", true);
            assertThat(page.structured().get("next_cursor")).asString().isNotBlank();
            assertThat(ids(page)).hasSize(2);
        });
        ToolResult last = pages.get(2);
        assertThat(last.structured()).containsEntry("has_more", false).doesNotContainKey("next_cursor");
        assertThat(ids(last)).hasSize(1);

        List<Long> seen = pages.stream().flatMap(page -> ids(page).stream()).toList();
        assertThat(seen).containsExactlyElementsOf(posted.reversed());
    }

    @Test
    void aPageThatHoldsEveryRowSaysThereIsNoMore() {
        ToolResult page = ok(page(args("account_number", account.value(), "limit", 5)));
        assertThat(ids(page)).containsExactlyElementsOf(posted.reversed());
        assertThat(page.structured()).containsEntry("has_more", false).doesNotContainKey("next_cursor");
    }

    @Test
    void aPostingThatArrivesWhilePagingNeitherShiftsNorRepeatsTheOlderRows() {
        AccountNumber busy = bank.account(owner).open();
        List<Long> older = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            older.add(bank.deposit(busy, i + ".00").transactionId());
        }
        List<Long> seen = new ArrayList<>();
        ToolResult current = ok(tools.call(customer(owner), CONTEXT, "list_transactions",
                args("account_number", busy.value(), "limit", 2)));
        seen.addAll(ids(current));
        long arrived = bank.deposit(busy, "9.00").transactionId();
        while (Boolean.TRUE.equals(current.structured().get("has_more"))) {
            current = ok(tools.call(customer(owner), CONTEXT, "list_transactions",
                    args("account_number", busy.value(), "limit", 2, "cursor", current.structured().get("next_cursor"))));
            seen.addAll(ids(current));
        }
        assertThat(seen).containsExactlyElementsOf(older.reversed()).doesNotContain(arrived);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "aDE6", "////", "h1:3", "%%%", "' OR 1=1 --"})
    void aCursorTheServerDidNotIssueIsRefusedWithAMessageAboutTheCursor(String cursor) {
        ToolResult result = error(page(args("account_number", account.value(), "limit", 2, "cursor", cursor)));
        assertThat(result.text()).contains("cursor").doesNotContain("Exception");
    }

    @Test
    void aWellFormedCursorAtPositionZeroOrBelowIsRefused() {
        for (String raw : List.of("h1:0", "h1:-4", "h2:3", "h1:99999999999999999999")) {
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
            assertThat(error(page(args("account_number", account.value(), "cursor", cursor))).text())
                    .as("cursor %s", raw).contains("cursor");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 101, Integer.MAX_VALUE})
    void aLimitOutsideOneToAHundredIsRefusedWithAMessageAboutTheLimit(int limit) {
        assertThat(error(page(args("account_number", account.value(), "limit", limit))).text()).contains("limit");
    }

    @Test
    void anUnknownKindIsRefusedAndAKnownKindFilters() {
        assertThat(error(page(args("account_number", account.value(), "kind", "REFUND"))).text()).contains("kind");
        assertThat(ids(ok(page(args("account_number", account.value(), "kind", "WITHDRAWAL"))))).isEmpty();
        assertThat(ids(ok(page(args("account_number", account.value(), "kind", "DEPOSIT"))))).hasSize(5);
    }
}
