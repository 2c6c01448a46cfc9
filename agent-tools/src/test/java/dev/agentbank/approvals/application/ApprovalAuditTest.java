package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.shared.Actor;
import dev.agentbank.tools.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit row written with a posting records who let it through, through which channel, and when. */
class ApprovalAuditTest extends ApprovalBankTest {

    @Test
    void aPostingConfirmedByTheHumanInTheSessionRecordsWhoChannelAndWhen() {
        Holder alice = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.approving(alice.actor());
        Instant now = clock.instant();

        ToolResult result = transfer(alice.principal(), human, alice.main(), alice.second(), "250.00", key());

        Map<String, Object> audit = postingAudit(transactionId(result));
        assertThat(audit).containsEntry("approved_by", alice.actor())
                .containsEntry("approval_channel", "mcp-elicitation")
                .containsEntry("approved_at", now.toString())
                .containsEntry("from_account", alice.main().value())
                .containsEntry("to_account", alice.second().value())
                .doesNotContainKey("approval_id");
    }

    @Test
    void aPostingApprovedThroughTheOperatorCommandRecordsTheOperatorChannelDecisionTimeAndRequestId() {
        Holder bob = holder("1000.00");
        ToolResult waiting = transfer(bob.principal(), HumanConfirmation.UNAVAILABLE, bob.main(), bob.second(), "300.00", key());
        String id = (String) ok(waiting).get("approval_id");
        Instant decidedAt = clock.advance(Duration.ofMinutes(3));
        Actor operator = Actor.of("operator", "olga");

        Approvals.Decision decision = bank.runtime().approvals().approve(id, operator, "cli");

        assertThat(decision.done()).as(decision.message()).isTrue();
        Map<String, Object> audit = postingAudit(pending(id).transactionId());
        assertThat(audit).containsEntry("approved_by", "operator:olga")
                .containsEntry("approval_channel", "cli")
                .containsEntry("approved_at", decidedAt.toString())
                .containsEntry("approval_id", id);
        assertThat(count("SELECT count(*) FROM audit_event WHERE subject = ? AND actor = ?",
                "transaction:" + pending(id).transactionId(), bob.actor()))
                .as("the posting stays the customer's own, approved by the operator").isEqualTo(1);
    }

    @Test
    void aPostingUnderTheThresholdRecordsThatNobodyWasAskedBecauseItWasUnderTheThreshold() {
        Holder carol = holder("1000.00");
        Instant now = clock.instant();

        ToolResult result = transfer(carol.principal(), HumanConfirmation.UNAVAILABLE, carol.main(), carol.second(), "99.99", key());

        Map<String, Object> audit = postingAudit(transactionId(result));
        assertThat(audit).containsEntry("approval_channel", "auto-under-threshold")
                .containsEntry("approved_by", "policy")
                .containsEntry("approved_at", now.toString());
    }

    @Test
    void aPostingExactlyAtTheThresholdIsAlsoRecordedAsAutomatic() {
        Holder dora = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.declining();

        ToolResult result = transfer(dora.principal(), human, dora.main(), dora.second(), "100.00", key());

        assertThat(human.asks()).isZero();
        assertThat(postingAudit(transactionId(result))).containsEntry("approval_channel", "auto-under-threshold");
    }

    @Test
    void aRetryOfAnApprovedPostingDoesNotWriteASecondPostingAuditRow() {
        Holder erin = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.approving(erin.actor());
        String key = key();
        long transaction = transactionId(transfer(erin.principal(), human, erin.main(), erin.second(), "400.00", key));

        transfer(erin.principal(), human, erin.main(), erin.second(), "400.00", key);

        Map<String, Object> audit = postingAudit(transaction); // asserts there is exactly one
        assertThat(audit).containsEntry("approval_channel", "mcp-elicitation");
        assertThat(count("SELECT count(*) FROM audit_event WHERE actor = ? AND outcome = 'posted'", erin.actor())).isEqualTo(1);
    }
}
