package dev.agentbank.audit.tools;

import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolScope;
import dev.agentbank.tools.Views;

import dev.agentbank.audit.AuditChain;
import dev.agentbank.identity.Capability;
import dev.langchain4j.agent.tool.Tool;

/** Checks of the tamper-evident audit trail. */
public final class AuditTools {
    private final ToolScope scope;

    public AuditTools(ToolScope scope) {
        this.scope = scope;
    }

    @Tool(name = "verify_audit_log", value = """
            Chains any new audit events, then checks every link of the audit log's hash chain. Reports the number \
            of events verified, or the first broken link.""")
    @ToolPolicy(requires = Capability.VERIFY_AUDIT_LOG, effect = Effect.READ, title = "Verify audit log")
    public Views.AuditReport verifyAuditLog() {
        return switch (scope.bank().auditChain().verify()) {
            case AuditChain.Verification.Intact intact ->
                    new Views.AuditReport(true, intact.verified(), intact.pending(), null, null);
            case AuditChain.Verification.Broken broken ->
                    new Views.AuditReport(false, Math.max(0, broken.position() - 1), 0, broken.position(), broken.problem());
        };
    }
}
