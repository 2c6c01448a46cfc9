package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.TELLER;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.error;
import static dev.agentbank.tools.ToolCalls.key;
import static dev.agentbank.tools.ToolCalls.ledgerState;
import static dev.agentbank.tools.ToolCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.LoanFixtures;
import dev.agentbank.lending.application.Disbursements;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.SharedBankTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** get_loan, list_loans and repay_loan as a model calls them. */
class LoanToolsTest extends SharedBankTest {
    private static ToolBox tools;
    private static long owner;
    private static AccountNumber checking;
    private static String loanId;

    @BeforeAll
    static void payOutALoan() {
        tools = bank.runtime().toolBox();
        owner = bank.customer();
        checking = bank.checking(owner, "100.00");
        loanId = ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller,
                LoanFixtures.accepted(owner, checking, "3000.00", 12, LocalDate.now(ZoneOffset.UTC).plusMonths(1), Instant.now())))
                .loan().id().value();
    }

    private static ToolResult call(Principal principal, String tool, Map<String, Object> arguments) {
        return tools.call(principal, CONTEXT, tool, arguments);
    }

    @Test
    void aCustomerReadsTheirLoanWithScheduleNextInstallmentAndPayoff() {
        ToolResult read = ok(call(customer(owner), "get_loan", args("loan_id", loanId.toLowerCase())));

        assertThat(read.structured()).containsEntry("loan_id", loanId).containsEntry("status", "ACTIVE")
                .containsEntry("principal", "3000.00").containsEntry("outstanding_principal", "3000.00")
                .containsEntry("arrears_state", "CURRENT").containsKey("next_installment").containsKey("payoff_today");
        assertThat(String.valueOf(read.structured().get("next_installment"))).contains("number=1", "status=DUE");
        assertThat(String.valueOf(read.structured().get("days_past_due"))).isEqualTo("0");
        assertThat((List<?>) read.structured().get("schedule")).hasSize(12);
        ToolResult listed = ok(call(customer(owner), "list_loans", args()));
        assertThat(listed.text()).contains(loanId);
    }

    @Test
    void anotherCustomersLoanIsAnsweredLikeOneThatDoesNotExistAndNothingMoves() {
        long stranger = bank.customer();
        AccountNumber strangers = bank.checking(stranger, "50.00");
        String missing = "LN-" + "1".repeat(12);
        var before = ledgerState(bank);

        ToolResult forOthers = call(customer(stranger), "get_loan", args("loan_id", loanId));
        ToolResult forNobody = call(customer(stranger), "get_loan", args("loan_id", missing));
        ToolResult repay = call(customer(stranger), "repay_loan", args("loan_id", loanId, "from_account", strangers.value(),
                "amount", "10.00", "idempotency_key", key()));

        assertThat(forOthers.isError()).isTrue();
        assertThat(forOthers.text()).isEqualTo(forNobody.text().replace(missing, loanId));
        assertThat(repay.isError()).isTrue();
        assertThat(repay.text()).isEqualTo(forOthers.text());
        assertThat(ok(call(customer(stranger), "list_loans", args())).text()).doesNotContain(loanId);
        assertThat(ledgerState(bank)).isEqualTo(before);
    }

    @Test
    void aRepaymentIsPostedOnlyOnceTheCustomerConfirmsAndOnceUnderItsKey() {
        // installment 1 fell due yesterday, so a part of it can be paid
        String loanId = ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller,
                LoanFixtures.accepted(owner, checking, "3000.00", 12, LocalDate.now(ZoneOffset.UTC).minusDays(1), Instant.now())))
                .loan().id().value();
        Map<String, Object> repayment = args("loan_id", loanId, "from_account", checking.value(), "amount", "20.00",
                "idempotency_key", key());
        Money before = bank.balance(checking);
        List<String> asked = new ArrayList<>();
        CallContext customerSays = new CallContext("test-transport", "tool-tests 1.2.3", "session-42", request -> {
            asked.add(request.describe());
            return new HumanConfirmation.Answer.Approved("customer:" + owner, "chat-terminal");
        });
        CallContext customerRefuses = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Declined("chat-terminal"));

        ToolResult refused = ok(tools.call(customer(owner), customerRefuses, "repay_loan",
                args("loan_id", loanId, "from_account", checking.value(), "amount", "20.00", "idempotency_key", key())));
        assertThat(refused.structured()).containsEntry("status", "NOT_CONFIRMED").doesNotContainKey("transaction_id");
        assertThat(bank.balance(checking)).isEqualTo(before);

        ToolResult first = ok(tools.call(customer(owner), customerSays, "repay_loan", repayment));
        ToolResult again = ok(tools.call(customer(owner), customerSays, "repay_loan", repayment));

        assertThat(asked).singleElement().satisfies(text -> assertThat(text).contains("Repay loan: " + loanId,
                "Amount: 20.00 EUR", "From: " + checking));
        assertThat(first.structured()).containsEntry("status", "POSTED").containsEntry("charged", "20.00");
        assertThat(again.structured()).containsEntry("status", "ALREADY_POSTED")
                .containsEntry("transaction_id", first.structured().get("transaction_id"));
        assertThat(bank.balance(checking)).isEqualTo(before.minus(Money.of("20.00", "EUR")));
    }

    @Test
    void paymentsAheadOfTheScheduleAreRefusedButThePayoffIsTaken() {
        CallContext customerSays = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + owner, "chat-terminal"));
        String fresh = ((Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller,
                LoanFixtures.accepted(owner, checking, "2000.00", 12, LocalDate.now(ZoneOffset.UTC).plusMonths(1), Instant.now())))
                .loan().id().value();
        var before = ledgerState(bank);

        ToolResult ahead = tools.call(customer(owner), customerSays, "repay_loan", args("loan_id", fresh, "from_account",
                checking.value(), "amount", "50.00", "idempotency_key", key()));
        assertThat(error(ahead).text()).contains("takes nothing now", "or the payoff today, 2000.00 EUR",
                "installments are not paid before their due date");
        assertThat(ledgerState(bank)).isEqualTo(before);

        ToolResult payoff = ok(tools.call(customer(owner), customerSays, "repay_loan", args("loan_id", fresh, "from_account",
                checking.value(), "amount", "2000.00", "idempotency_key", key())));
        assertThat(payoff.structured()).containsEntry("status", "POSTED").containsEntry("charged", "2000.00")
                .containsEntry("interest_paid", "0.00");
        assertThat(((Map<?, ?>) payoff.structured().get("loan")).get("status")).isEqualTo("CLOSED");
    }

    @Test
    void aPlainTransferIntoALoanAccountIsRefused() {
        String loanAccount = (String) ok(call(TELLER, "get_loan", args("loan_id", loanId))).structured().get("loan_account");
        var before = ledgerState(bank);

        ToolResult transfer = call(customer(owner), "transfer", args("from_account", checking.value(), "to_account", loanAccount,
                "amount", "5.00", "idempotency_key", key()));

        // above the confirmation threshold nobody is asked to approve what cannot post, and nothing waits
        ToolResult large = call(customer(owner), "transfer", args("from_account", checking.value(), "to_account", loanAccount,
                "amount", "500.00", "idempotency_key", key()));

        assertThat(transfer.isError()).isTrue();
        assertThat(transfer.text()).contains("loan account").contains("repay_loan");
        assertThat(large.isError()).as(large.text()).isTrue();
        assertThat(large.text()).contains("loan account");
        assertThat(ledgerState(bank)).isEqualTo(before);
    }

    @Test
    void theCustomersAccountListShowsTheLoanAccountWithNothingAvailable() {
        String loanAccount = (String) ok(call(TELLER, "get_loan", args("loan_id", loanId))).structured().get("loan_account");

        ToolResult balance = ok(call(customer(owner), "get_balance", args("account_number", loanAccount)));

        assertThat(balance.structured()).containsEntry("available", "0.00");
        assertThat((String) balance.structured().get("balance")).startsWith("-");
    }
}
