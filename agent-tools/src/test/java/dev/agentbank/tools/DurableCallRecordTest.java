package dev.agentbank.tools;

import static dev.agentbank.tools.ToolCalls.CONTEXT;
import static dev.agentbank.tools.ToolCalls.args;
import static dev.agentbank.tools.ToolCalls.customer;
import static dev.agentbank.tools.ToolCalls.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.testing.TestBank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * In a long-running server (background jobs on, reads audited in batches), a call that changed something without
 * posting, such as a transfer left awaiting approval, is on record by the time the model hears back.
 */
class DurableCallRecordTest {
    private static TestBank bank;
    private static long owner;
    private static AccountNumber checking;
    private static AccountNumber savings;

    @BeforeAll
    static void aServerProcess() {
        bank = TestBank.create();
        bank.runtime().runBackgroundJobs();
        owner = bank.customer();
        checking = bank.checking(owner, "5000.00");
        savings = bank.checking(owner, "0.00");
    }

    @AfterAll
    static void close() {
        bank.close();
    }

    @Test
    void aTransferLeftAwaitingApprovalIsOnRecordWhenTheCallReturns() {
        String idempotencyKey = key();
        ToolResult result = bank.runtime().toolBox().call(customer(owner), CONTEXT, "transfer", args("from_account", checking.value(),
                "to_account", savings.value(), "amount", "900.00", "idempotency_key", idempotencyKey));
        assertThat(result.text()).contains("AWAITING_APPROVAL");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE action = 'tool_call' AND details LIKE '%"
                + idempotencyKey + "%'")).isEqualTo(1);
    }
}
