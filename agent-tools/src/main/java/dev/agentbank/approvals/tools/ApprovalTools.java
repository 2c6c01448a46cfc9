package dev.agentbank.approvals.tools;

import dev.agentbank.approvals.jdbc.PendingConfirmations;
import dev.agentbank.approvals.jdbc.PendingOperations;
import dev.agentbank.identity.Capability;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.time.Clock;
import java.time.Instant;

/** Read-only view of the approval mechanism. No tool approves: approving happens outside the model's reach. */
public final class ApprovalTools {
    private final ToolScope scope;
    private final PendingOperations pending;
    private final PendingConfirmations confirmations;
    private final Clock clock;

    public ApprovalTools(ToolScope scope, PendingOperations pending, PendingConfirmations confirmations, Clock clock) {
        this.scope = scope;
        this.pending = pending;
        this.confirmations = confirmations;
        this.clock = clock;
    }

    public static ToolModule module(PendingOperations pending, PendingConfirmations confirmations, Clock clock) {
        return ToolModule.of(ApprovalTools.class, scope -> new ApprovalTools(scope, pending, confirmations, clock));
    }

    @Tool(name = "list_pending_operations", value = """
            Lists your money movements that needed a human's approval, newest first, with their state: PENDING \
            (waiting), EXECUTED (approved and posted), REJECTED, EXPIRED or FAILED; then your other requests that \
            wait for a human (confirmations, such as consent to a credit check): PENDING, APPROVED (make the same \
            request again to use it), USED, REJECTED or EXPIRED. Read-only: approvals happen outside this \
            conversation, never through a tool.""")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.READ, title = "List pending operations")
    public ApprovalViews.PendingList listPendingOperations(
            @P(value = "How many to return, 1 to 50; default 10.", required = false) Integer limit) {
        int count = limit == null ? 10 : limit;
        if (count < 1 || count > 50) {
            throw new ToolRefusal("limit must be from 1 to 50.");
        }
        Instant now = clock.instant();
        return new ApprovalViews.PendingList(pending.of(scope.principal(), count).stream()
                .map(operation -> ApprovalViews.PendingView.of(operation, now)).toList(),
                confirmations.of(scope.principal(), count).stream()
                        .map(confirmation -> ApprovalViews.ConfirmationView.of(confirmation, now)).toList());
    }

}
