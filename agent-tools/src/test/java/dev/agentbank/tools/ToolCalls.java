package dev.agentbank.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.testing.TestBank;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Shared vocabulary of the tool tests: principals, a call context, argument maps and "nothing moved" checks. */
final class ToolCalls {
    static final CallContext CONTEXT = new CallContext("test-transport", "tool-tests 1.2.3", "session-42");
    static final Principal TELLER = new Principal.Staff(Role.TELLER, "tina");
    static final Principal ANALYST = new Principal.Staff(Role.ANALYST, "ann");
    static final Principal OFFICER = new Principal.Staff(Role.OFFICER, "olga");

    private ToolCalls() {}

    static Principal customer(long id) {
        return new Principal.CustomerPrincipal(id);
    }

    /** An ordered, null-tolerant argument map from name/value pairs. */
    static Map<String, Object> args(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("name/value pairs expected");
        }
        Map<String, Object> arguments = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            arguments.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return arguments;
    }

    /** A copy of {@code base} with one argument replaced. */
    static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(name, value);
        return copy;
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** Everything but the audit trail, which every call (even a refused one) appends to. */
    static TestBank.Snapshot ledgerState(TestBank bank) {
        TestBank.Snapshot s = bank.snapshot();
        return new TestBank.Snapshot(s.journalEntries(), s.postings(), 0, 0, s.customers(), s.accounts(),
                s.balanceSumMinor(), s.accountSeqSum());
    }

    /**
     * An application of {@code customer} with an offer: 9,000.00 paid in counts as 3,000.00 a month of verified income,
     * the account is younger than 90 days, so underwriting refers it, and an officer approves it. Moves money (the
     * deposit): call it before taking snapshots.
     */
    static String offered(TestBank bank, long customer, AccountNumber checking) {
        ToolBox tools = bank.runtime().toolBox();
        bank.runtime().sandboxProvider().orElseThrow().setCreditProfile(customer, 760, 0);
        bank.deposit(checking, "9000.00");
        String id = (String) ok(tools.call(TELLER, CONTEXT, "start_loan_application", args("product", "personal-loan",
                "idempotency_key", key(), "customer_id", customer, "amount", "2000.00", "term_months", 12, "purpose", "bike",
                "monthly_net_income", "3000.00", "monthly_housing_cost", "500.00", "monthly_debt_payments", "0",
                "employment_status", "employed", "months_employed", 24, "disbursement_account", checking.value())))
                .structured().get("application_id");
        CallContext consenting = new CallContext("test-transport", "tool-tests 1.2.3", "session-42",
                request -> new HumanConfirmation.Answer.Approved("customer:" + customer, "chat-terminal"));
        assertThat(ok(tools.call(TELLER, consenting, "submit_loan_application", args("application_id", id,
                "idempotency_key", key()))).structured()).containsEntry("status", "referred");
        assertThat(ok(tools.call(OFFICER, CONTEXT, "decide_loan_application", args("application_id", id, "decision", "approve",
                "reason", "Salary confirmed."))).structured()).containsEntry("status", "approved");
        return id;
    }

    static long auditEventsOtherThanToolCalls(TestBank bank) {
        return bank.queryLong("SELECT count(*) FROM audit_event WHERE action <> 'tool_call'");
    }

    static ToolResult ok(ToolResult result) {
        assertThat(result.isError()).as("expected success, got: %s", result.text()).isFalse();
        assertThat(result.structured()).isNotNull();
        return result;
    }

    static ToolResult error(ToolResult result) {
        assertThat(result.isError()).as("expected an error result, got: %s", result.text()).isTrue();
        assertThat(result.structured()).isNull();
        assertThat(result.text()).isNotBlank();
        return result;
    }

    /** A value at a path of nested maps, e.g. {@code at(result, "transaction", "transaction_id")}. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> structured, String... path) {
        Object current = structured;
        for (String step : path) {
            assertThat(current).as("parent of %s", step).isInstanceOf(Map.class);
            assertThat((Map<String, Object>) current).as("structured result").containsKey(step);
            current = ((Map<String, Object>) current).get(step);
        }
        return current;
    }

    static long longAt(Map<String, Object> structured, String... path) {
        Object value = at(structured, path);
        assertThat(value).isInstanceOf(Number.class);
        return ((Number) value).longValue();
    }
}
