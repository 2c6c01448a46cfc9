package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Arguments that do not fit a tool's parameters are refused before anything runs, naming the parameter. */
class ToolArgumentsTest extends SharedBankTest {
    private static ToolBox tools;
    private static AccountNumber account;
    private static long transaction;
    private TestBank.Snapshot before;

    @BeforeAll
    static void openAccount() {
        tools = bank.runtime().toolBox();
        account = bank.checking("40.00");
        transaction = bank.deposit(account, "2.00").transactionId();
    }

    @BeforeEach
    void rememberTheLedger() {
        before = ledgerState(bank);
    }

    @AfterEach
    void nothingWasPosted() {
        assertThat(ledgerState(bank)).isEqualTo(before);
    }

    private static String refused(String tool, Map<String, Object> arguments) {
        return error(tools.call(TELLER, CONTEXT, tool, arguments)).text();
    }

    private static String refusedJson(String tool, String json) {
        return error(tools.call(TELLER, CONTEXT, tool, json)).text();
    }

    private static Map<String, Object> deposit() {
        return args("account_number", account.value(), "amount", "5.00", "idempotency_key", key());
    }

    @Test
    void anUnknownParameterIsRefusedByNameWithTheParametersTheToolHas() {
        Map<String, Object> arguments = deposit();
        arguments.put("amuont", "5.00");
        assertThat(refused("deposit", arguments)).contains("'amuont'").contains("amount", "account_number", "idempotency_key");
        assertThat(refused("get_balance",
                args("account_number", account.value(), "customer_id", 1))).contains("'customer_id'");
    }

    @Test
    void anUnknownParameterIsRefusedEvenWhenTheToolTakesNone() {
        ToolResult result = error(tools.call(ToolCalls.ANALYST, CONTEXT, "verify_audit_log", args("force", true)));
        assertThat(result.text()).contains("'force'").contains("none");
    }

    @Test
    void aMissingRequiredParameterIsRefusedByName() {
        for (String required : List.of("account_number", "amount", "idempotency_key")) {
            Map<String, Object> arguments = deposit();
            arguments.remove(required);
            assertThat(refused("deposit", arguments)).as("without %s", required).contains("'" + required + "'");
        }
        assertThat(refused("get_transaction", args())).contains("'transaction_id'");
    }

    @Test
    void aRequiredParameterSentAsNullCountsAsMissing() {
        Map<String, Object> arguments = deposit();
        arguments.put("amount", null);
        assertThat(refused("deposit", arguments)).contains("'amount'");
    }

    @Test
    void aNumberWhereAStringBelongsIsRefusedNamingTheParameterAndSayingToQuoteIt() {
        Map<String, Object> arguments = deposit();
        arguments.put("amount", new BigDecimal("250.00"));
        assertThat(refused("deposit", arguments)).startsWith("amount must be a string").contains("\"250.00\"");
        assertThat(refused("get_balance", args("account_number", 123))).startsWith("account_number must be a string");
        assertThat(refusedJson("deposit", "{\"account_number\":\"" + account.value()
                + "\",\"amount\":1e309,\"idempotency_key\":\"k-1e309\"}")).startsWith("amount must be a string");
    }

    @Test
    void aStructuredValueWhereAStringBelongsIsRefusedNamingTheParameter() {
        assertThat(refused("get_balance", args("account_number", List.of(account.value())))).startsWith("account_number");
        assertThat(refused("get_balance", args("account_number", Map.of("value", account.value())))).startsWith("account_number");
        assertThat(refused("get_balance", args("account_number", true))).startsWith("account_number");
    }

    @Test
    void aStringOrFractionWhereAnIntegerBelongsIsRefusedNamingTheParameter() {
        assertThat(refused("get_transaction", args("transaction_id", Long.toString(transaction))))
                .isEqualTo("transaction_id must be a whole number.");
        assertThat(refused("get_transaction", args("transaction_id", new BigDecimal("1.5")))).startsWith("transaction_id");
        assertThat(refused("get_transaction", args("transaction_id", 1.5d))).startsWith("transaction_id");
        assertThat(refused("get_transaction", args("transaction_id", Double.NaN))).startsWith("transaction_id");
        assertThat(refused("get_transaction", args("transaction_id", new BigInteger("1" + "0".repeat(30))))).startsWith("transaction_id");
        assertThat(refused("list_transactions", args("account_number", account.value(), "limit", "2"))).startsWith("limit");
    }

    @Test
    void aWholeNumberTooLargeForAnIntegerParameterIsRefusedNamingTheParameter() {
        String text = refused("list_transactions", args("account_number", account.value(), "limit", 3_000_000_000L));
        assertThat(text).contains("limit");
    }

    @Test
    void aWholeNumberWrittenWithDecimalsIsAcceptedForAnIntegerParameter() {
        ok(tools.call(TELLER, CONTEXT, "get_transaction", args("transaction_id", new BigDecimal(transaction + ".0"))));
        ok(tools.call(TELLER, CONTEXT, "get_transaction", "{\"transaction_id\": " + transaction + "}"));
    }

    @Test
    void aStringLongerThanAThousandCharactersIsRefusedNamingTheParameter() {
        Map<String, Object> arguments = deposit();
        arguments.put("reference", "r".repeat(1_001));
        assertThat(refused("deposit", arguments)).startsWith("reference is too long");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"account_number\": ", "not json", "[1, 2]", "\"AB0000000195\"", "42", "{\"a\":1}}",
            "{'account_number': 'x'}", "{\"amount\": NaN}"})
    void argumentsThatAreNotAJsonObjectAreRefusedNamingTheTool(String json) {
        assertThat(refusedJson("deposit", json)).contains("deposit").doesNotContain("Exception").doesNotContain("line:");
    }

    @Test
    void jsonTextArgumentsAreCheckedLikeMapArguments() {
        assertThat(refusedJson("get_balance", "{\"account_number\":\"" + account.value() + "\",\"extra\":1}"))
                .contains("'extra'");
        assertThat(refusedJson("get_balance", "{}")).contains("'account_number'");
        assertThat(refusedJson("get_balance", "")).contains("'account_number'");
        assertThat(refusedJson("get_balance", "null")).contains("'account_number'");
        ok(tools.call(TELLER, CONTEXT, "get_balance", "{\"account_number\":\"" + account.value() + "\"}"));
    }

    @Test
    void aParameterNameWithControlCharactersIsEchoedWithoutThem() {
        String text = refused("get_balance", args("account_number", account.value(), "evil\u001b[31m\nname", 1));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\n").contains("evil");
    }

    @Test
    void anAccountNumberThatIsNotOneIsRefusedWithTheExpectedShape() {
        for (String bad : List.of("AB0000000018", "12345", "'; DROP TABLE account; --", "ＡＢ0000000017", "")) {
            assertThat(refused("get_balance", args("account_number", bad))).as("account number '%s'", bad)
                    .contains("account_number must be an account number");
        }
    }
}
