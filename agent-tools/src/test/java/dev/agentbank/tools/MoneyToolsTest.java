package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.at;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static dev.agentbank.tools.ToolCalls.longAt;
import static dev.agentbank.tools.ToolCalls.ok;
import static dev.agentbank.tools.ToolCalls.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** deposit, withdraw, transfer and reverse_transaction through the ToolBox: once per key, never on bad input. */
class MoneyToolsTest extends SharedBankTest {
    private static ToolBox tools;
    private static long owner;

    @BeforeAll
    static void openToolBox() {
        tools = bank.runtime().toolBox();
        owner = bank.customer();
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return tools.call(principal, CONTEXT, tool, arguments);
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static long entriesUnder(Principal principal, String key) {
        return bank.queryLong("SELECT count(*) FROM journal_entry WHERE actor = '" + principal.actor().id()
                + "' AND idempotency_key = '" + key + "'");
    }

    /** Posts, checks it posted exactly once with the expected balance, then retries with the same key. */
    private static void postsOnceAndReplays(Principal principal, String tool, Map<String, Object> arguments,
                                            AccountNumber watched, Money expectedAfter) {
        TestBank.Snapshot before = ledgerState(bank);
        ToolResult first = ok(call(principal, tool, arguments));
        assertThat(at(first.structured(), "status")).isEqualTo("POSTED");
        long transaction = longAt(first.structured(), "transaction", "transaction_id");
        assertThat(ledgerState(bank).journalEntries()).isEqualTo(before.journalEntries() + 1);
        assertThat(bank.balance(watched)).isEqualTo(expectedAfter);
        TestBank.Snapshot afterFirst = ledgerState(bank);

        ToolResult retry = ok(call(principal, tool, arguments));

        assertThat(at(retry.structured(), "status")).isEqualTo("ALREADY_POSTED");
        assertThat(longAt(retry.structured(), "transaction", "transaction_id")).isEqualTo(transaction);
        assertThat(ledgerState(bank)).isEqualTo(afterFirst);
        assertThat(bank.balance(watched)).isEqualTo(expectedAfter);
        assertThat(entriesUnder(principal, (String) arguments.get("idempotency_key"))).isEqualTo(1);
    }

    private static String rejectedWithoutChange(Principal principal, String tool, Map<String, Object> arguments) {
        TestBank.Snapshot before = ledgerState(bank);
        ToolResult result = error(call(principal, tool, arguments));
        assertThat(ledgerState(bank)).as("after %s %s", tool, arguments).isEqualTo(before);
        return result.text();
    }

    @Test
    void aDepositPostsOnceAndARetryWithTheSameKeyIsAlreadyPosted() {
        AccountNumber account = bank.checking(owner, "10.00");
        postsOnceAndReplays(TELLER, "deposit", args("account_number", account.value(), "amount", "25.50",
                "reference", "cash", "idempotency_key", key()), account, eur("35.50"));
    }

    @Test
    void aWithdrawalPostsOnceAndARetryWithTheSameKeyIsAlreadyPosted() {
        AccountNumber account = bank.checking(owner, "50.00");
        postsOnceAndReplays(TELLER, "withdraw", args("account_number", account.value(), "amount", "20.00",
                "idempotency_key", key()), account, eur("30.00"));
    }

    @Test
    void aTransferPostsOnceAndARetryWithTheSameKeyIsAlreadyPosted() {
        AccountNumber from = bank.checking(owner, "60.00");
        AccountNumber to = bank.checking(owner, "0");
        postsOnceAndReplays(customer(owner), "transfer", args("from_account", from.value(), "to_account", to.value(),
                "amount", "45.00", "idempotency_key", key()), to, eur("45.00"));
        assertThat(bank.balance(from)).isEqualTo(eur("15.00"));
    }

    @Test
    void theSameKeyForADifferentAmountIsRefusedAndPostsNothing() {
        AccountNumber account = bank.checking(owner, "10.00");
        String reused = key();
        ok(call(TELLER, "deposit", args("account_number", account.value(), "amount", "5.00", "idempotency_key", reused)));

        String text = rejectedWithoutChange(TELLER, "deposit",
                args("account_number", account.value(), "amount", "6.00", "idempotency_key", reused));

        assertThat(text).contains("idempotency_key").contains("different request");
        assertThat(bank.balance(account)).isEqualTo(eur("15.00"));
    }

    @Test
    void aWithdrawalBeyondTheAvailableFundsIsRefusedAsInsufficientFundsAndPostsNothing() {
        AccountNumber account = bank.checking(owner, "30.00");

        String text = rejectedWithoutChange(customer(owner), "withdraw",
                args("account_number", account.value(), "amount", "30.01", "idempotency_key", key()));

        assertThat(text).startsWith("Insufficient funds").contains("30.00").contains("30.01");
        assertThat(bank.balance(account)).isEqualTo(eur("30.00"));
    }

    @Test
    void aTransferBeyondTheAvailableFundsIsRefusedAsInsufficientFundsAndPostsNothing() {
        AccountNumber from = bank.checking(owner, "12.00");
        AccountNumber to = bank.checking(owner, "0");

        String text = rejectedWithoutChange(customer(owner), "transfer", args("from_account", from.value(),
                "to_account", to.value(), "amount", "50.00", "idempotency_key", key()));

        assertThat(text).startsWith("Insufficient funds");
        assertThat(bank.balance(to)).isEqualTo(eur("0.00"));
    }

    static List<String> badAmounts() {
        return List.of("1e309", "NaN", "-5", "-0.01", "0", "0.00", "0.001", "1.000000000000000000000000000001",
                "0.000000000000000000000000000001", "9".repeat(25), "9".repeat(400), "1".repeat(5_000), "Infinity",
                "1,000.00", "10 EUR", "0x10", "1.5e2", "", " ", "\u0661\u0660", "１０", "' OR 1=1 --", "10.00; DROP TABLE posting",
                "5\u0000", "1000000.01");
    }

    @ParameterizedTest
    @MethodSource("badAmounts")
    void aMalformedOrOutOfRangeAmountIsRefusedByEveryMoneyToolAndPostsNothing(String amount) {
        AccountNumber from = bank.checking(owner, "20.00");
        AccountNumber to = bank.checking(owner, "0");
        List<Map<String, Object>> calls = List.of(
                args("account_number", from.value(), "amount", amount, "idempotency_key", key()),
                args("from_account", from.value(), "to_account", to.value(), "amount", amount, "idempotency_key", key()));
        for (String tool : List.of("deposit", "withdraw")) {
            String text = rejectedWithoutChange(TELLER, tool, calls.get(0));
            assertThat(text).as("%s of %s", tool, amount).containsIgnoringCase("amount").doesNotContain("Exception");
        }
        String text = rejectedWithoutChange(customer(owner), "transfer", calls.get(1));
        assertThat(text).containsIgnoringCase("amount").doesNotContain("Exception");
        assertThat(bank.balance(from)).isEqualTo(eur("20.00"));
        assertThat(bank.balance(to)).isEqualTo(eur("0.00"));
    }

    @Test
    void aTransferFromAnAccountToItselfIsRefusedAndPostsNothing() {
        AccountNumber account = bank.checking(owner, "20.00");
        rejectedWithoutChange(customer(owner), "transfer", args("from_account", account.value(), "to_account", account.value(),
                "amount", "5.00", "idempotency_key", key()));
        assertThat(bank.balance(account)).isEqualTo(eur("20.00"));
    }

    @Test
    void aTransferBetweenAccountsInDifferentCurrenciesIsRefusedAndPostsNothing() {
        AccountNumber euros = bank.checking(owner, "20.00");
        AccountNumber dollars = bank.account(owner).currency("USD").opening("20.00").open();
        String text = rejectedWithoutChange(customer(owner), "transfer", args("from_account", euros.value(),
                "to_account", dollars.value(), "amount", "5.00", "idempotency_key", key()));
        assertThat(text).contains("EUR").contains("USD");
    }

    @Test
    void anAmountInAnotherCurrencyThanTheAccountsIsRefused() {
        AccountNumber account = bank.checking(owner, "20.00");
        String text = rejectedWithoutChange(TELLER, "deposit", args("account_number", account.value(), "amount", "5.00",
                "currency", "USD", "idempotency_key", key()));
        assertThat(text).contains("EUR").contains("USD");
        rejectedWithoutChange(TELLER, "deposit", args("account_number", account.value(), "amount", "5.00",
                "currency", "EURO", "idempotency_key", key()));
    }

    @Test
    void aMissingOrBlankIdempotencyKeyIsRefusedWithAMessageAboutTheKey() {
        AccountNumber account = bank.checking(owner, "20.00");
        for (String bad : List.of("", "  ", "has spaces in it", "x".repeat(129))) {
            String text = rejectedWithoutChange(TELLER, "deposit", args("account_number", account.value(), "amount", "5.00",
                    "idempotency_key", bad));
            assertThat(text).as("key '%s'", bad).contains("idempotency_key");
        }
        assertThat(rejectedWithoutChange(TELLER, "deposit", args("account_number", account.value(), "amount", "5.00")))
                .contains("idempotency_key");
    }

    @Test
    void aTellerReversesATransactionOnceAndOnlyOnce() {
        AccountNumber account = bank.checking(owner, "10.00");
        long deposit = longAt(ok(call(TELLER, "deposit", args("account_number", account.value(), "amount", "40.00",
                "idempotency_key", key()))).structured(), "transaction", "transaction_id");
        String reversalKey = key();
        Map<String, Object> reversal = args("transaction_id", deposit, "reason", "entered twice", "idempotency_key", reversalKey);
        TestBank.Snapshot before = ledgerState(bank);

        ToolResult reversed = ok(call(TELLER, "reverse_transaction", reversal));

        assertThat(at(reversed.structured(), "status")).isEqualTo("POSTED");
        assertThat(longAt(reversed.structured(), "transaction", "reverses_transaction_id")).isEqualTo(deposit);
        assertThat(at(reversed.structured(), "transaction", "kind")).isEqualTo("REVERSAL");
        assertThat(bank.balance(account)).isEqualTo(eur("10.00"));
        assertThat(ledgerState(bank).journalEntries()).isEqualTo(before.journalEntries() + 1);
        TestBank.Snapshot afterReversal = ledgerState(bank);

        ToolResult retried = ok(call(TELLER, "reverse_transaction", reversal));
        assertThat(at(retried.structured(), "status")).isEqualTo("ALREADY_POSTED");
        assertThat(ledgerState(bank)).isEqualTo(afterReversal);

        String again = rejectedWithoutChange(TELLER, "reverse_transaction", with(reversal, "idempotency_key", key()));
        assertThat(again).contains("already been reversed");
        long reversalId = longAt(reversed.structured(), "transaction", "transaction_id");
        assertThat(rejectedWithoutChange(TELLER, "reverse_transaction",
                args("transaction_id", reversalId, "reason", "undo the undo", "idempotency_key", key())))
                .contains("cannot be reversed");
        assertThat(bank.balance(account)).isEqualTo(eur("10.00"));
    }

    @Test
    void reversingATransactionThatDoesNotExistIsRefused() {
        assertThat(rejectedWithoutChange(TELLER, "reverse_transaction",
                args("transaction_id", 987_654_321L, "reason", "typo", "idempotency_key", key())))
                .isEqualTo("No transaction 987654321 is available to you.");
        assertThat(rejectedWithoutChange(TELLER, "reverse_transaction",
                args("transaction_id", -1, "reason", "typo", "idempotency_key", key())))
                .isEqualTo("No transaction -1 is available to you.");
    }
}
