package dev.agentbank.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.CallContext;
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
