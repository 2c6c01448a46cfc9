package dev.agentbank.mcp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.jobs.Jobs;
import dev.agentbank.mcp.McpHttpServer;
import dev.agentbank.mcp.Clients;
import dev.agentbank.testing.TestBank;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with nothing faked: a customer's agent moves money over MCP in a mule's pattern, the real monitor raises
 * the alert, an analyst in headless Chromium sees it arrive live, notes it and closes it, and the database says so.
 */
@Tag("browser")
class DashboardEndToEndTest {
    private TestBank bank;
    private McpHttpServer server;
    private final Jobs jobs = new Jobs();

    @BeforeEach
    void start() {
        // the customer's own transfers go through without a human, so the test drives only the fraud loop
        bank = TestBank.create(java.time.Clock.systemUTC(), Map.of("BANK_APPROVAL_THRESHOLD", "5000.00"));
        jobs.start(bank.runtime().fraudMonitoring(Duration.ofMillis(500)));
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterEach
    void stop() {
        server.close();
        jobs.close();
        bank.close();
    }

    @Test
    void aMulePatternOverMcpReachesTheAnalystLiveAndIsClosedAsAFalsePositive() {
        long customer = bank.customer();
        AccountNumber checking = bank.checking(customer, "0.00");
        AccountNumber elsewhere = bank.checking(customer, "0.00");
        bank.deposit(checking, "3000.00"); // a large credit arrives
        String analystToken = token(new Principal.Staff(Role.ANALYST, "ana"));
        String customerToken = token(new Principal.CustomerPrincipal(customer));

        try (DashboardBrowser browser = DashboardBrowser.open(server.dashboardUri())) {
            browser.signIn(analystToken);
            browser.openQueue();
            browser.waitUntilLive();

            try (McpSyncClient agent = Clients.streamable(server.baseUri(), customerToken)) {
                McpSchema.CallToolResult moved = agent.callTool(new McpSchema.CallToolRequest("transfer", Map.of(
                        "from_account", checking.value(), "to_account", elsewhere.value(), "amount", "2600.00",
                        "idempotency_key", UUID.randomUUID().toString())));
                assertThat(moved.isError()).as(String.valueOf(moved.content())).isFalse();
            }

            long alertId = waitForAlert(checking);
            assertThat(browser.waitForRow(alertId)).contains("rapid-in-and-out").contains("2600.00").contains("NEW");
            browser.screenshot("e2e-queue");

            browser.openAlert(alertId);
            assertThat(browser.text("evidence")).contains("3000.00 EUR");
            browser.assignToMe();
            browser.addNote("The customer sold a car and bought another; the receipts match.");
            browser.screenshot("e2e-detail");
            browser.close(Resolution.FALSE_POSITIVE, "Car sale and purchase, documented.");
            assertThat(browser.consoleErrors()).isEmpty();
        }

        assertThat(bank.queryString("SELECT state || ' ' || resolution || ' ' || assignee FROM fraud_alert WHERE account = '"
                + checking.value() + "'")).isEqualTo("CLOSED FALSE_POSITIVE analyst:ana");
        assertThat(bank.queryString("SELECT text FROM fraud_case_note WHERE alert_id = (SELECT id FROM fraud_alert WHERE account = '"
                + checking.value() + "')")).isEqualTo("The customer sold a car and bought another; the receipts match.");
        assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE actor = 'analyst:ana' AND action IN"
                + " ('assign_alert', 'add_case_note', 'close_alert')")).isEqualTo(3);
    }

    private long waitForAlert(AccountNumber account) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            long found = bank.queryLong("SELECT coalesce(max(id), 0) FROM fraud_alert WHERE account = '" + account.value() + "'");
            if (found > 0) {
                return found;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no alert was raised for " + account);
    }

    private String token(Principal principal) {
        return bank.runtime().tokens().create(TestBank.TELLER, principal, Optional.empty()).token();
    }
}
