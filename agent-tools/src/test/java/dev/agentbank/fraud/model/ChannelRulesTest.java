package dev.agentbank.fraud.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.fraud.model.Channel.Confirmation;
import dev.agentbank.fraud.model.ChannelActivity.ClientSeen;
import dev.agentbank.fraud.model.ChannelActivity.Decision;
import dev.agentbank.fraud.model.ChannelActivity.Outcome;
import dev.agentbank.fraud.model.ChannelActivity.PayeeAdded;
import dev.agentbank.fraud.model.Movement.Direction;
import dev.agentbank.shared.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The agent-channel rules: each fires just past its boundary and stays quiet at it, with evidence in words and figures. */
class ChannelRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String SESSION = "3f2a9c1e-77b0-4d1a-9e55-0c2b6a1d4e8f";
    private static final String PAYEE = "PY-7K3M9QX2B4TD";
    private static final AtomicLong ids = new AtomicLong();

    private static Channel agent(String client, Optional<Duration> answeredIn) {
        return new Channel("mcp-http", client, SESSION, true, answeredIn.map(delay -> new Confirmation("mcp-elicitation", delay)));
    }

    private static Movement out(String amount, Channel channel) {
        return new Movement(ids.incrementAndGet(), NOW, "AB0000000195", Direction.OUT, Money.of(amount, "EUR"), Optional.of(PAYEE),
                Optional.of(Duration.ofMinutes(12)), Optional.of(PAYEE), channel);
    }

    private static Movement confirmedOut(Duration answeredIn) {
        return out("250.00", agent("claude-desktop", Optional.of(answeredIn)));
    }

    private static AccountActivity activity(List<Decision> decisions, List<PayeeAdded> payees, List<ClientSeen> clients) {
        return new AccountActivity(List.of(), new ChannelActivity(decisions, payees, clients));
    }

    private static Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    @Nested
    class DeclinedThenConfirmed {
        private final DeclinedThenConfirmedRule rule = DeclinedThenConfirmedRule.defaults(); // 2 refusals in 24 hours

        private AccountActivity refusals(Duration... ages) {
            List<Decision> decisions = new java.util.ArrayList<>();
            decisions.add(new Decision(ago(Duration.ofHours(30)), Outcome.DECLINED, SESSION)); // outside the window
            decisions.add(new Decision(ago(Duration.ofHours(2)), Outcome.CONFIRMED, SESSION)); // not a refusal
            for (int i = 0; i < ages.length; i++) {
                decisions.add(new Decision(ago(ages[i]), i % 2 == 0 ? Outcome.DECLINED : Outcome.EXPIRED, SESSION));
            }
            return activity(decisions, List.of(), List.of());
        }

        @Test
        void aConfirmationAfterTwoRefusalsInADayFires() {
            AccountActivity two = refusals(Duration.ofHours(24), Duration.ofMinutes(5));
            assertThat(rule.judge(confirmedOut(Duration.ofSeconds(20)), two)).hasValueSatisfying(hit -> assertThat(hit.evidence())
                    .isEqualTo("outflow of 250.00 EUR confirmed after 2 declined or expired confirmations in the last 24 hours"
                            + " (rule: 2 or more)"));
            // a movement nobody confirmed is not this pattern, however many refusals came before
            assertThat(rule.judge(out("250.00", agent("claude-desktop", Optional.empty())), two)).isEmpty();
        }

        @Test
        void oneRefusalInTheWindowStaysQuiet() {
            AccountActivity oneInside = refusals(Duration.ofHours(24).plusSeconds(1), Duration.ofMinutes(5));
            assertThat(rule.judge(confirmedOut(Duration.ofSeconds(20)), oneInside)).isEmpty();
        }
    }

    @Nested
    class PayeeAddedAndPaidInSession {
        private final PayeeAddedAndPaidInSessionRule rule = PayeeAddedAndPaidInSessionRule.defaults();

        @Test
        void payingAPayeeAddedInTheSameSessionFires() {
            AccountActivity added = activity(List.of(), List.of(new PayeeAdded(ago(Duration.ofMinutes(12)), PAYEE, SESSION)), List.of());
            assertThat(rule.judge(out("480.00", agent("claude-desktop", Optional.empty())), added)).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("payment of 480.00 EUR to payee PY-7K3M9QX2B4TD, added 12 minutes earlier"
                            + " in the same session 3f2a9c1e…"));
        }

        @Test
        void aPayeeAddedInAnotherSessionOrWithoutOneStaysQuiet() {
            AccountActivity elsewhere = activity(List.of(), List.of(new PayeeAdded(ago(Duration.ofMinutes(12)), PAYEE, "other-session")),
                    List.of());
            assertThat(rule.judge(out("480.00", agent("claude-desktop", Optional.empty())), elsewhere)).isEmpty();
            // "none" is no session: two movements without one do not share it
            Channel noSession = new Channel("cli", "unknown", "none", false, Optional.empty());
            AccountActivity addedWithoutSession = activity(List.of(), List.of(new PayeeAdded(ago(Duration.ofMinutes(12)), PAYEE, "none")),
                    List.of());
            assertThat(rule.judge(out("480.00", noSession), addedWithoutSession)).isEmpty();
        }
    }

    @Nested
    class FastConfirmation {
        private final FastConfirmationRule rule = FastConfirmationRule.defaults(); // 2 seconds

        @Test
        void aConfirmationFasterThanReadingFires() {
            assertThat(rule.judge(confirmedOut(Duration.ofMillis(600)), activity(List.of(), List.of(), List.of())))
                    .hasValueSatisfying(hit -> assertThat(hit.evidence()).isEqualTo("outflow of 250.00 EUR confirmed 0.6 seconds after"
                            + " being asked (a person needs at least 2 seconds to read it)"));
            assertThat(rule.judge(confirmedOut(Duration.ofMillis(1999)), activity(List.of(), List.of(), List.of()))).isPresent();
        }

        @Test
        void anApprovalGivenEarlierAtTheCommandLineSaysNothingAboutReading() {
            Movement approvedBefore = out("250.00", new Channel("mcp-http", "claude-desktop", "s-1", true,
                    Optional.of(new Channel.Confirmation("pending-approval CNF-7KQ2M9XD (cli)", Duration.ofMillis(3)))));
            assertThat(rule.judge(approvedBefore, activity(List.of(), List.of(), List.of()))).isEmpty();
        }

        @Test
        void twoSecondsIsTimeEnoughToRead() {
            assertThat(rule.judge(confirmedOut(Duration.ofSeconds(2)), activity(List.of(), List.of(), List.of()))).isEmpty();
        }
    }

    @Nested
    class NewClient {
        private final NewClientRule rule = NewClientRule.defaults(); // 24 hours

        private static final ClientSeen USUAL = new ClientSeen(ago(Duration.ofDays(40)), "claude-desktop");

        @Test
        void anOutflowFromAClientFirstSeenAnHourAgoFires() {
            String longName = "x".repeat(70);
            AccountActivity clients = activity(List.of(), List.of(),
                    List.of(USUAL, new ClientSeen(ago(Duration.ofDays(3)), longName), new ClientSeen(ago(Duration.ofHours(3)), "evil\nagent")));
            assertThat(rule.judge(out("250.00", agent("evil\nagent", Optional.empty())), clients)).hasValueSatisfying(hit ->
                    assertThat(hit.evidence()).isEqualTo("outflow of 250.00 EUR from client \"evil agent\", first used 3 hours earlier;"
                            + " clients known before: \"claude-desktop\", \"" + "x".repeat(60) + "…\" (rule: a new client within 24 hours)"));
        }

        @Test
        void aClientSeenForADayOrTheCustomersFirstClientStaysQuiet() {
            AccountActivity dayOld = activity(List.of(), List.of(),
                    List.of(USUAL, new ClientSeen(ago(Duration.ofHours(24)), "cursor")));
            assertThat(rule.judge(out("250.00", agent("cursor", Optional.empty())), dayOld)).isEmpty();
            AccountActivity onlyOne = activity(List.of(), List.of(), List.of(new ClientSeen(ago(Duration.ofHours(1)), "cursor")));
            assertThat(rule.judge(out("250.00", agent("cursor", Optional.empty())), onlyOne)).isEmpty();
            assertThat(rule.judge(out("250.00", agent("unknown", Optional.empty())), dayOld)).isEmpty();
            // a teller's client acting for the customer is not one of the customer's
            assertThat(rule.judge(out("250.00", agent("teller-desk", Optional.empty())), dayOld)).isEmpty();
        }
    }
}
