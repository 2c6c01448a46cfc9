package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static dev.agentbank.tools.ToolCalls.ok;
import static dev.agentbank.tools.ToolCalls.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.LoanFixtures;
import dev.agentbank.lending.application.Disbursements;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * "Not yours" and "does not exist" read the same: for every tool and every parameter that names an account,
 * a customer or a transaction, another customer's object gets the very answer a missing one gets.
 */
class OwnershipTest extends SharedBankTest {
    private static final List<String> ID_PARAMETERS =
            List.of("account_number", "from_account", "to_account", "customer_id", "transaction_id", "application_id",
                    "disbursement_account", "loan_id", "payee_id", "payment_id");
    private static final String MISSING_PAYEE = "PY-000000000000";
    private static final String MISSING_PAYMENT = "PM-000000000000";
    private static final String MISSING_LOAN = "LN-000000000000";
    private static final String MISSING_APPLICATION = "LA-000000000000";
    private static final AccountNumber MISSING_ACCOUNT = AccountNumber.fromSerial(99_999_999L);
    private static final long MISSING_ID = 987_654_321L;

    private static ToolBox tools;
    private static long alice;
    private static long bob;
    private static AccountNumber aliceChecking;
    private static AccountNumber aliceSavings;
    private static AccountNumber bobChecking;
    private static long aliceDeposit;
    private static long bobDeposit;
    private static String aliceApplication;
    private static String bobApplication;
    private static String aliceLoan;
    private static String bobLoan;
    private static String bobPayee;
    private static String bobPayment;
    /** Each tool's arguments aimed at Alice's own objects; Alice is the caller. */
    private static final Map<String, Supplier<Map<String, Object>>> OWN = new LinkedHashMap<>();

    @BeforeAll
    static void twoCustomers() {
        tools = bank.runtime().toolBox();
        alice = bank.customer();
        bob = bank.customer();
        aliceChecking = bank.checking(alice, "80.00");
        aliceSavings = bank.account(alice).kind(AccountKind.SAVINGS).opening("20.00").open();
        bobChecking = bank.checking(bob, "90.00");
        aliceDeposit = bank.deposit(aliceChecking, "5.00").transactionId();
        bobDeposit = bank.deposit(bobChecking, "5.00").transactionId();

        OWN.put("list_accounts", () -> args("customer_id", alice));
        OWN.put("get_customer", () -> args("customer_id", alice));
        OWN.put("get_balance", () -> args("account_number", aliceChecking.value()));
        OWN.put("list_transactions", () -> args("account_number", aliceChecking.value(), "limit", 5));
        OWN.put("get_transaction", () -> args("transaction_id", aliceDeposit));
        OWN.put("deposit", () -> args("account_number", aliceChecking.value(), "amount", "1.00", "idempotency_key", key()));
        OWN.put("withdraw", () -> args("account_number", aliceChecking.value(), "amount", "1.00", "idempotency_key", key()));
        OWN.put("transfer", () -> args("from_account", aliceChecking.value(), "to_account", aliceSavings.value(),
                "amount", "1.00", "idempotency_key", key()));
        OWN.put("open_account", () -> args("customer_id", alice, "product_code", "retail-checking", "name", "Spare",
                "idempotency_key", key()));
        aliceApplication = startedFor(alice);
        bobApplication = startedFor(bob);
        OWN.put("start_loan_application", () -> args("product", "personal-loan", "idempotency_key", key(), "customer_id", alice,
                "disbursement_account", aliceChecking.value()));
        OWN.put("update_loan_application", () -> args("application_id", aliceApplication, "disbursement_account",
                aliceChecking.value()));
        OWN.put("get_loan_application", () -> args("application_id", aliceApplication));
        OWN.put("list_loan_applications", () -> args("customer_id", alice));
        String aliceComplete = (String) ok(tools.call(customer(alice), CONTEXT, "start_loan_application", args("product",
                "personal-loan", "idempotency_key", key(), "amount", "2000.00", "term_months", 12, "purpose", "bike",
                "monthly_net_income", "2500", "monthly_housing_cost", "700", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 24, "disbursement_account", aliceChecking.value())))
                .structured().get("application_id");
        // this session cannot ask Alice, so her own submit waits for ./bank approvals and submits nothing
        OWN.put("submit_loan_application", () -> args("application_id", aliceComplete, "idempotency_key", key()));
        OWN.put("decide_loan_application", () -> args("application_id", aliceApplication, "decision", "approve",
                "reason", "looks fine"));
        OWN.put("reverse_transaction", () -> args("transaction_id", aliceDeposit, "reason", "mistake", "idempotency_key", key()));
        aliceLoan = paidOut(alice, aliceChecking);
        bobLoan = paidOut(bob, bobChecking);
        OWN.put("get_loan", () -> args("loan_id", aliceLoan));
        OWN.put("list_loans", () -> args("customer_id", alice));
        OWN.put("repay_loan", () -> args("loan_id", aliceLoan, "from_account", aliceChecking.value(), "amount", "1.00",
                "idempotency_key", key()));
        // this session cannot ask Alice: her own acceptance waits for ./bank approvals and pays nothing out
        String aliceOffer = ToolCalls.offered(bank, alice, aliceChecking);
        OWN.put("accept_loan_offer", () -> args("application_id", aliceOffer, "idempotency_key", key()));
        OWN.put("withdraw_loan_application", () -> args("application_id", startedFor(alice)));
        bobPayee = payeeOf(bob);
        // this session cannot ask Alice: her own new payee waits for ./bank approvals and nothing is stored
        OWN.put("add_payee", () -> args("customer_id", alice, "name", "Sam", "account", "DE89370400440532013000",
                "idempotency_key", key()));
        OWN.put("list_payees", () -> args("customer_id", alice));
        OWN.put("remove_payee", () -> args("payee_id", payeeOf(alice)));
        String alicePayee = payeeOf(alice);
        bobPayment = paymentOf(bob, bobChecking, bobPayee);
        String alicePayment = paymentOf(alice, aliceChecking, alicePayee);
        OWN.put("pay", () -> args("from_account", aliceChecking.value(), "payee_id", alicePayee, "amount", "1.00",
                "idempotency_key", key()));
        OWN.put("get_payment", () -> args("payment_id", alicePayment));
        OWN.put("list_payments", () -> args("customer_id", alice));
    }

    /** A payment the customer made to her payee. */
    @SuppressWarnings("unchecked")
    private static String paymentOf(long customerId, AccountNumber from, String payee) {
        Map<String, Object> paid = ok(tools.call(customer(customerId), CONTEXT, "pay", args("from_account", from.value(),
                "payee_id", payee, "amount", "2.00", "idempotency_key", key()))).structured();
        return (String) ((Map<String, Object>) paid.get("payment")).get("payment_id");
    }

    /** A payee the customer confirmed. */
    @SuppressWarnings("unchecked")
    private static String payeeOf(long customerId) {
        CallContext confirming = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + customerId, "chat-terminal"));
        Map<String, Object> added = ok(tools.call(customer(customerId), confirming, "add_payee", args("name", "Grace",
                "account", "DE89370400440532013000", "idempotency_key", key()))).structured();
        return (String) ((Map<String, Object>) added.get("payee")).get("payee_id");
    }

    /** A loan whose first installment fell due yesterday, so part of it can be repaid. */
    private static String paidOut(long customerId, AccountNumber payout) {
        var accepted = LoanFixtures.accepted(customerId, payout, "2000.00", 12, LocalDate.now(ZoneOffset.UTC).minusDays(1),
                Instant.now());
        return ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller, accepted)).loan().id().value();
    }

    private static String startedFor(long customerId) {
        return (String) ok(tools.call(customer(customerId), CONTEXT, "start_loan_application",
                args("product", "personal-loan", "idempotency_key", key()))).structured().get("application_id");
    }

    private static ToolResult asAlice(String tool, Map<String, Object> arguments) {
        return tools.call(customer(alice), CONTEXT, tool, arguments);
    }

    /** Bob's object for a parameter, and the id text that appears for it in messages. */
    private static Object bobs(String parameter) {
        return switch (parameter) {
            case "customer_id" -> bob;
            case "transaction_id" -> bobDeposit;
            case "application_id" -> bobApplication;
            case "loan_id" -> bobLoan;
            case "payee_id" -> bobPayee;
            case "payment_id" -> bobPayment;
            default -> bobChecking.value();
        };
    }

    private static Object missing(String parameter) {
        return switch (parameter) {
            case "customer_id", "transaction_id" -> MISSING_ID;
            case "application_id" -> MISSING_APPLICATION;
            case "loan_id" -> MISSING_LOAN;
            case "payee_id" -> MISSING_PAYEE;
            case "payment_id" -> MISSING_PAYMENT;
            default -> MISSING_ACCOUNT.value();
        };
    }

    @SuppressWarnings("unchecked")
    private static Set<String> parameters(BankTool tool) {
        return ((Map<String, Object>) tool.inputSchema().get("properties")).keySet();
    }

    @TestFactory
    Stream<DynamicTest> anotherCustomersObjectIsAnsweredExactlyLikeAMissingOneAndNothingChanges() {
        List<DynamicTest> tests = new ArrayList<>();
        for (BankTool tool : tools.all()) {
            if (!tool.visibleTo(customer(alice))) {
                continue; // staff tools: a customer can neither see nor call them (ToolCatalogueTest)
            }
            for (String parameter : ID_PARAMETERS) {
                if (!parameters(tool).contains(parameter)) {
                    continue;
                }
                tests.add(dynamicTest(tool.name() + "." + parameter, () -> {
                    Supplier<Map<String, Object>> own = OWN.get(tool.name());
                    assertThat(own).as("Alice's own arguments for %s in this test", tool.name()).isNotNull();
                    Map<String, Object> base = own.get();
                    TestBank.Snapshot before = ledgerState(bank);
                    Money bobsBalance = bank.balance(bobChecking);

                    ToolResult foreign = error(asAlice(tool.name(), with(base, parameter, bobs(parameter))));
                    ToolResult absent = error(asAlice(tool.name(), with(base, parameter, missing(parameter))));

                    assertThat(foreign.text().replace(String.valueOf(bobs(parameter)), String.valueOf(missing(parameter))))
                            .as("answer for Bob's %s with the id swapped", parameter)
                            .isEqualTo(absent.text());
                    assertThat(ledgerState(bank)).isEqualTo(before);
                    assertThat(bank.balance(bobChecking)).isEqualTo(bobsBalance);
                }));
            }
        }
        assertThat(tests).as("tools taking an id").isNotEmpty();
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> aliceCanUseEachToolOnHerOwnObjects() {
        // the refusals above are about ownership, not about arguments that would fail anyway
        return OWN.entrySet().stream()
                .filter(own -> tools.visibleTo(customer(alice)).stream().anyMatch(tool -> tool.name().equals(own.getKey())))
                .map(own -> dynamicTest(own.getKey(), () -> ok(asAlice(own.getKey(), own.getValue().get()))));
    }

    @Test
    void aCustomerCannotTransferFromHerOwnAccountToAnotherCustomersAccount() {
        TestBank.Snapshot before = ledgerState(bank);
        Money mine = bank.balance(aliceChecking);
        Money his = bank.balance(bobChecking);

        ToolResult result = error(asAlice("transfer", args("from_account", aliceChecking.value(), "to_account",
                bobChecking.value(), "amount", "10.00", "idempotency_key", key())));

        assertThat(result.text()).isEqualTo("No account " + bobChecking.value() + " is available to you.");
        assertThat(ledgerState(bank)).isEqualTo(before);
        assertThat(bank.balance(aliceChecking)).isEqualTo(mine);
        assertThat(bank.balance(bobChecking)).isEqualTo(his);
    }

    @Test
    void aCustomerListsOnlyHerOwnAccountsAndCustomerRecord() {
        ToolResult accounts = ok(asAlice("list_accounts", args()));
        assertThat(accounts.text()).contains(aliceChecking.value(), aliceSavings.value()).doesNotContain(bobChecking.value());
        ToolResult self = ok(asAlice("get_customer", args()));
        assertThat(self.structured().get("customer_id")).asString().isEqualTo(Long.toString(alice));
    }

    @Test
    void aCustomerSeesOnlyHerOwnLegOfATransferWithAnotherCustomer() {
        long transfer = bank.transfer(bobChecking, aliceChecking, "3.00").transactionId();

        ToolResult seen = ok(asAlice("get_transaction", args("transaction_id", transfer)));

        assertThat(seen.text()).contains(aliceChecking.value()).doesNotContain(bobChecking.value());
        ToolResult all = ok(tools.call(TELLER, CONTEXT, "get_transaction", args("transaction_id", transfer)));
        assertThat(all.text()).contains(aliceChecking.value(), bobChecking.value());
    }

    @Test
    void aTokenForACustomerWhoDoesNotExistSeesNothing() {
        Principal ghost = customer(MISSING_ID);
        assertThat(error(tools.call(ghost, CONTEXT, "get_customer", args())).text())
                .isEqualTo("No customer " + MISSING_ID + " is available to you.");
        assertThat(ok(tools.call(ghost, CONTEXT, "list_accounts", args())).structured().get("accounts")).asList().isEmpty();
        error(tools.call(ghost, CONTEXT, "get_balance", args("account_number", aliceChecking.value())));
    }
}
