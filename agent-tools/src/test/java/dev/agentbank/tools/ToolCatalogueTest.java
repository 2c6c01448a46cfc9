package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.ANALYST;
import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.OFFICER;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.auditEventsOtherThanToolCalls;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.tools.AccountTools;
import dev.agentbank.approvals.tools.ApprovalTools;
import dev.agentbank.audit.tools.AuditTools;
import dev.agentbank.customers.tools.CustomerTools;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.ledger.tools.LedgerTools;
import dev.agentbank.lending.tools.LendingTools;
import dev.agentbank.lending.tools.LoanTools;
import dev.agentbank.payments.tools.PayeeTools;
import dev.agentbank.fraud.tools.FraudTools;
import dev.agentbank.payments.tools.PaymentTools;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What every front end lists: names, descriptions, schemas and policies, and who sees which tool. */
class ToolCatalogueTest extends SharedBankTest {
    private static final Set<String> EXPECTED = Set.of("list_accounts", "get_balance", "list_transactions",
            "get_transaction", "deposit", "withdraw", "transfer", "reverse_transaction", "get_customer",
            "list_customers", "verify_audit_log", "list_loan_products", "start_loan_application", "update_loan_application",
            "get_loan_application", "list_loan_applications", "submit_loan_application", "get_loan", "list_loans", "repay_loan",
            "accept_loan_offer", "withdraw_loan_application", "add_payee", "list_payees", "remove_payee");
    private static final Set<String> PAYEE_CHANGES = Set.of("add_payee", "remove_payee");
    private static final Set<String> LOAN_READS = Set.of("list_loan_products", "get_loan_application", "list_loan_applications",
            "get_loan", "list_loans");
    private static final Set<String> LOAN_CHANGES = Set.of("start_loan_application", "update_loan_application",
            "submit_loan_application", "withdraw_loan_application");
    private static final Set<String> MONEY_MOVERS = Set.of("deposit", "withdraw", "transfer", "reverse_transaction", "repay_loan",
            "accept_loan_offer", "pay");
    private static final List<Class<?>> TOOL_CLASSES =
            List.of(AccountTools.class, LedgerTools.class, CustomerTools.class, AuditTools.class, ApprovalTools.class,
                    LendingTools.class, LoanTools.class, PayeeTools.class, PaymentTools.class, FraudTools.class);

    private static ToolBox tools;
    private static long customerId;
    private static AccountNumber account;
    private static Receipt deposit;

    @BeforeAll
    static void openToolBox() {
        tools = bank.runtime().toolBox();
        customerId = bank.customer();
        account = bank.checking(customerId, "500.00");
        deposit = bank.deposit(account, "20.00");
    }

    private static Set<String> names(List<BankTool> list) {
        return list.stream().map(BankTool::name).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void registersEveryExpectedToolUnderItsSnakeCaseName() {
        Set<String> names = names(tools.all());
        assertThat(names).containsAll(EXPECTED);
        assertThat(names).allSatisfy(name -> assertThat(name).matches("[a-z]+(_[a-z]+)*"));
        assertThat(tools.all()).hasSize(names.size());
    }

    @Test
    void everyToolMethodCarriesAPolicyAndEveryParameterADescription() {
        List<Method> methods = tools.all().stream().map(tool -> tool.method().getDeclaringClass()).distinct()
                .flatMap(type -> Stream.of(type.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Tool.class))
                .toList();
        assertThat(methods).hasSameSizeAs(tools.all());
        for (Method method : methods) {
            assertThat(method.getAnnotation(ToolPolicy.class)).as("@ToolPolicy on %s", method).isNotNull();
            assertThat(method.getAnnotation(ToolPolicy.class).title()).as("title of %s", method).isNotBlank();
            for (Parameter parameter : method.getParameters()) {
                assertThat(parameter.getAnnotation(P.class)).as("@P on %s of %s", parameter.getName(), method).isNotNull();
            }
        }
        assertThat(tools.all()).allSatisfy(tool -> {
            assertThat(tool.policy()).isNotNull();
            assertThat(tool.policy()).isSameAs(tool.method().getAnnotation(ToolPolicy.class));
        });
    }

    @Test
    void everyToolHasADescriptionAndAnObjectInputSchemaWithDescribedParameters() {
        for (BankTool tool : tools.all()) {
            assertThat(tool.specification().description()).as("description of %s", tool.name()).isNotBlank();
            Map<String, Object> input = tool.inputSchema();
            assertThat(input).as("input schema of %s", tool.name())
                    .containsEntry("type", "object")
                    .containsKey("properties");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) input.get("properties");
            assertThat(properties.keySet()).as("parameters of %s", tool.name())
                    .allSatisfy(name -> assertThat(name).matches("[a-z]+(_[a-z]+)*"));
            properties.forEach((name, schema) -> assertThat(schema.get("description"))
                    .as("description of %s.%s", tool.name(), name).asString().isNotBlank());
            assertThat(tool.outputSchema()).as("output schema of %s", tool.name()).containsEntry("type", "object");
        }
    }

    @Test
    void everyToolsInputSchemaAsListedForbidsUnknownParameters() {
        for (BankTool tool : tools.all()) {
            assertThat(tool.specification().parameters().additionalProperties()).as("specification of %s", tool.name()).isFalse();
            // the map is what MCP's tools/list publishes, so it must say so too
            assertThat(tool.inputSchema()).as("input schema of %s", tool.name()).containsEntry("additionalProperties", false);
        }
    }

    @Test
    void moneyMovingToolsAreMarkedSoAndRequireAnIdempotencyKeyThatTellsTheModelToReuseItOnRetry() {
        for (BankTool tool : tools.all()) {
            boolean movesMoney = MONEY_MOVERS.contains(tool.name());
            assertThat(tool.policy().effect() == Effect.MOVES_MONEY).as("effect of %s", tool.name()).isEqualTo(movesMoney);
            if (movesMoney) {
                assertThat(tool.specification().parameters().required()).as("required of %s", tool.name())
                        .contains("idempotency_key");
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> properties =
                        (Map<String, Map<String, Object>>) tool.inputSchema().get("properties");
                assertThat(String.valueOf(properties.get("idempotency_key").get("description")))
                        .containsIgnoringCase("fresh").containsIgnoringCase("retry");
            }
            if (tool.name().startsWith("get_") || tool.name().startsWith("list_") || tool.name().startsWith("verify_")) {
                assertThat(tool.policy().effect()).as("effect of %s", tool.name()).isEqualTo(Effect.READ);
            }
        }
    }

    @Test
    void aCustomerSeesNeitherReversalsNorOtherCustomersNorTheAuditLog() {
        Set<String> visible = names(tools.visibleTo(customer(customerId)));
        assertThat(visible).doesNotContain("reverse_transaction", "list_customers", "verify_audit_log");
        assertThat(visible).contains("list_accounts", "get_balance", "list_transactions", "get_transaction",
                "deposit", "withdraw", "transfer", "get_customer");
        assertThat(visible).containsAll(LOAN_READS).containsAll(LOAN_CHANGES).contains("list_payees").containsAll(PAYEE_CHANGES);
    }

    @Test
    void anAnalystSeesNoToolThatMovesMoney() {
        Set<String> visible = names(tools.visibleTo(ANALYST));
        assertThat(visible).doesNotContain("deposit", "withdraw", "transfer", "reverse_transaction");
        assertThat(visible).contains("list_accounts", "get_balance", "list_transactions", "get_transaction",
                "get_customer", "list_customers", "verify_audit_log");
        assertThat(visible).containsAll(LOAN_READS).doesNotContainAnyElementsOf(LOAN_CHANGES);
        assertThat(visible).contains("list_payees").doesNotContainAnyElementsOf(PAYEE_CHANGES);
    }

    @Test
    void anOfficerSeesNoPayeeTool() {
        assertThat(names(tools.visibleTo(OFFICER))).doesNotContain("list_payees", "add_payee", "remove_payee");
    }

    @Test
    void aTellerSeesEverythingButTheAuditLogCheck() {
        Set<String> visible = names(tools.visibleTo(TELLER));
        assertThat(visible).doesNotContain("verify_audit_log");
        assertThat(visible).containsAll(EXPECTED.stream().filter(name -> !name.equals("verify_audit_log")).toList());
    }

    @Test
    void alertsAreForAnalystsOnlyAndTellersSeeOnlyTheReversalsAnalystsAskFor() {
        Set<String> fraud = Set.of("list_alerts", "get_alert", "assign_alert", "add_case_note", "close_alert", "escalate_alert",
                "freeze_account", "unfreeze_account", "list_holds", "release_hold", "return_hold", "request_reversal");
        assertThat(names(tools.visibleTo(ANALYST))).containsAll(fraud).doesNotContain("list_reversal_requests");
        assertThat(names(tools.visibleTo(TELLER))).doesNotContainAnyElementsOf(fraud).contains("list_reversal_requests");
        assertThat(names(tools.visibleTo(customer(customerId)))).doesNotContainAnyElementsOf(fraud)
                .doesNotContain("list_reversal_requests");
    }

    @Test
    void visibilityFollowsTheCapabilityEachPolicyRequires() {
        for (Principal principal : List.of(customer(customerId), TELLER, ANALYST)) {
            for (BankTool tool : tools.all()) {
                assertThat(tools.visibleTo(principal).contains(tool))
                        .as("%s sees %s", principal.encoded(), tool.name())
                        .isEqualTo(principal.may(tool.policy().requires()));
            }
        }
    }

    @Test
    void aCustomerCallingReverseTransactionIsRefusedAndNothingChanges() {
        Map<String, Object> arguments = args("transaction_id", deposit.transactionId(), "reason", "mine", "idempotency_key", key());
        String text = refusedWithoutChange(customer(customerId), "reverse_transaction", arguments);
        assertThat(text).contains("reverse_transaction").doesNotContain("verify_audit_log");
    }

    @Test
    void aCustomerCallingListCustomersOrVerifyAuditLogIsRefused() {
        refusedWithoutChange(customer(customerId), "list_customers", args());
        refusedWithoutChange(customer(customerId), "verify_audit_log", args());
    }

    @Test
    void anAnalystCallingAnyMoneyToolIsRefusedAndNothingMoves() {
        refusedWithoutChange(ANALYST, "deposit", args("account_number", account.value(), "amount", "10.00", "idempotency_key", key()));
        refusedWithoutChange(ANALYST, "withdraw", args("account_number", account.value(), "amount", "10.00", "idempotency_key", key()));
        AccountNumber other = bank.checking("1.00");
        refusedWithoutChange(ANALYST, "transfer", args("from_account", account.value(), "to_account", other.value(),
                "amount", "10.00", "idempotency_key", key()));
        refusedWithoutChange(ANALYST, "reverse_transaction", args("transaction_id", deposit.transactionId(),
                "reason", "test", "idempotency_key", key()));
        assertThat(bank.balance(account)).isEqualTo(Money.of("520.00", "EUR"));
    }

    @Test
    void aTellerCallingVerifyAuditLogIsRefused() {
        String text = refusedWithoutChange(TELLER, "verify_audit_log", args());
        assertThat(text).contains("No tool 'verify_audit_log'");
    }

    @Test
    void anUnknownToolIsRefusedAndTheAnswerListsOnlyTheToolsTheCallerMayUse() {
        String text = refusedWithoutChange(customer(customerId), "drop_table_accounts", args());
        assertThat(text).contains("drop_table_accounts").contains("get_balance").doesNotContain("reverse_transaction");
    }

    private static String refusedWithoutChange(Principal principal, String tool, Map<String, Object> arguments) {
        TestBank.Snapshot before = ledgerState(bank);
        long audit = auditEventsOtherThanToolCalls(bank);
        ToolResult result = error(tools.call(principal, CONTEXT, tool, arguments));
        assertThat(result.text()).startsWith("No tool '" + tool + "' is available to you.");
        assertThat(ledgerState(bank)).isEqualTo(before);
        assertThat(auditEventsOtherThanToolCalls(bank)).isEqualTo(audit);
        return result.text();
    }
}
