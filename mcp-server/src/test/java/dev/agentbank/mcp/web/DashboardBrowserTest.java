package dev.agentbank.mcp.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.AlertState;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An analyst in headless Chromium: signs in with a real token, watches the queue fill live, works an alert to the end. */
@Tag("browser")
class DashboardBrowserTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private static TestBank bank;
    private final FakeAlertDesk desk = new FakeAlertDesk(clock);
    private final FakeAnalystActions actions = new FakeAnalystActions();
    private DashboardServer server;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @BeforeEach
    void start() {
        server = new DashboardServer(desk, actions, bank.runtime().authenticator(), clock);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static String token(Principal principal) {
        return bank.runtime().tokens().create(TestBank.TELLER, principal, Optional.empty()).token();
    }

    @Test
    void anAnalystSeesANewAlertArriveLiveThenClosesItAsAFalsePositive() {
        desk.raise("payment of 120.00 EUR to \"Corner Shop\"", "120.00", 55, "round-amount");
        desk.raise("payment of 2,400.00 EUR to \"<b>Unknown</b> Ltd\"", "2400.00", 85, "new-payee-large", "amount-anomaly");
        try (DashboardBrowser browser = DashboardBrowser.open(server.dashboard())) {
            browser.signIn(token(new Principal.Staff(Role.ANALYST, "ana")));
            browser.openQueue();
            assertThat(browser.queueIds()).containsExactly("alert-2", "alert-1");
            assertThat(browser.waitForRow(2)).contains("<b>Unknown</b> Ltd"); // shown as text, never as markup

            Alert arrived = desk.raise("payment of 980.00 EUR to \"Quick Cash\"", "980.00", 92, "velocity", "new-payee-large");
            actions.hold(new AnalystActions.Hold(arrived.paymentId().orElseThrow(), arrived.id(), 7, arrived.account(), "Quick Cash",
                    Money.of("980.00", "EUR"), arrived.raisedAt(), arrived.raisedAt().plus(Duration.ofHours(48)), "HELD"));
            assertThat(browser.waitForRow(arrived.id())).contains("Quick Cash").contains("92").contains("velocity").contains("NEW");
            assertThat(browser.queueIds()).first().isEqualTo("alert-" + arrived.id());
            browser.screenshot("queue");

            browser.openAlert(arrived.id());
            browser.assignToMe();
            assertThat(browser.flash()).isEqualTo("Assigned to analyst:ana.");
            browser.addNote("Called the customer: they know Quick Cash, it is their own exchange account.");
            assertThat(browser.flash()).isEqualTo("Note added.");
            assertThat(browser.notes()).containsExactly("Called the customer: they know Quick Cash, it is their own exchange account.");
            browser.screenshot("detail");

            browser.close(Resolution.FALSE_POSITIVE, "Customer confirmed the payment.");
            assertThat(browser.flash()).isEqualTo("Closed as FALSE_POSITIVE.");
            assertThat(browser.text("resolution")).isEqualTo("FALSE_POSITIVE");

            browser.openCharts();
            browser.screenshot("charts");
            assertThat(browser.text("median")).isEqualTo("47 min");
            assertThat(browser.consoleErrors()).isEmpty();
            assertThat(browser.currentUrl()).doesNotContain("token");
        }
        assertThat(desk.notes(3)).extracting(note -> note.text()).containsExactly(
                "Called the customer: they know Quick Cash, it is their own exchange account.",
                "Closed as FALSE_POSITIVE: Customer confirmed the payment.");
        assertThat(desk.calls()).containsExactly("assign 3 by analyst:ana", "note 3 by analyst:ana", "close 3 FALSE_POSITIVE by analyst:ana",
                "note 3 by analyst:ana");
        assertThat(desk.alert(3).state()).isEqualTo(AlertState.CLOSED);
        assertThat(desk.alert(3).resolution()).contains(Resolution.FALSE_POSITIVE);
    }

    @Test
    void aDeskRefusalIsASentenceOnThePage() {
        Alert alert = desk.raise("payment of 50.00 EUR to \"Gym\"", "50.00", 51, "round-amount");
        try (DashboardBrowser browser = DashboardBrowser.open(server.dashboard())) {
            browser.signIn(token(new Principal.Staff(Role.ANALYST, "ben")));
            browser.openQueue();
            browser.openAlert(alert.id());
            browser.freeze("Mule pattern");
            assertThat(browser.flash()).startsWith("Account DE89370400440532013000 is frozen");
            browser.freeze("Again");
            assertThat(browser.flash()).isEqualTo("Account DE89370400440532013000 is already frozen.");
            browser.signOut();
        }
        assertThat(actions.frozen("DE89370400440532013000")).isTrue();
    }
}
