package dev.agentbank.mcp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.app.demo.DemoData;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.Scorecard;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.mcp.McpHttpServer;
import dev.agentbank.testing.TestBank;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a new user sees on first start: the demo's planted patterns as real alerts, one payment held, charts with history. */
@Tag("browser")
class DashboardDemoTest {
    private static final Principal ANALYST = new Principal.Staff(Role.ANALYST, "ana");
    private TestBank bank;
    private McpHttpServer server;

    @BeforeEach
    void start() {
        bank = TestBank.create();
        new DemoData(bank.runtime()).seedIfEmpty();
        bank.runtime().fraudMonitor().drain(); // as the monitor job does at start
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterEach
    void stop() {
        server.close();
        bank.close();
    }

    @Test
    void theDemoShowsEachPlantedPatternAsAnAlertAndTheChartsHaveHistory() {
        List<Alert> alerts = bank.runtime().alertDesk().list(ANALYST, AlertDesk.AlertFilter.ALL, Optional.empty(), 100).alerts();
        List<String> rules = alerts.stream().flatMap(alert -> alert.rules().stream()).distinct().toList();
        assertThat(rules).contains("rapid-in-and-out", "velocity", "amount-anomaly", "splitting", "dormant-account",
                "new-payee-large-payment", "payee-added-and-paid-in-session", "fast-confirmation");
        assertThat(alerts).filteredOn(alert -> alert.action() == Scorecard.Action.HOLD).hasSize(1);
        assertThat(bank.runtime().heldPayments().held()).hasSize(1);
        assertThat(alerts).filteredOn(alert -> alert.state() == AlertState.CLOSED).isNotEmpty();
        assertThat(alerts).filteredOn(alert -> alert.state() == AlertState.NEW).hasSizeGreaterThanOrEqualTo(5);

        String token = bank.runtime().tokens().create(TestBank.TELLER, ANALYST, Optional.empty()).token();
        Alert held = alerts.stream().filter(alert -> alert.action() == Scorecard.Action.HOLD).findFirst().orElseThrow();
        try (DashboardBrowser browser = DashboardBrowser.open(server.dashboardUri())) {
            browser.signIn(token);
            browser.openQueue();
            assertThat(browser.queueIds()).hasSizeGreaterThanOrEqualTo(alerts.size() > 50 ? 50 : alerts.size());
            browser.screenshot("demo-queue");
            browser.openAlert(held.id());
            assertThat(browser.text("evidence")).contains("fast-confirmation");
            browser.screenshot("demo-detail");
            browser.openCharts();
            browser.screenshot("demo-charts");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
