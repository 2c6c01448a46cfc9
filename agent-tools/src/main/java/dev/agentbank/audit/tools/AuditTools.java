package dev.agentbank.audit.tools;

import dev.agentbank.audit.AuditChain;
import dev.agentbank.identity.Capability;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.langchain4j.agent.tool.Tool;

/** Checks of the tamper-evident audit trail. */
public final class AuditTools {
    private final AuditChain chain;

    public AuditTools(AuditChain chain) {
        this.chain = chain;
    }

    public static ToolModule module(AuditChain chain) {
        return ToolModule.of(AuditTools.class, scope -> new AuditTools(chain));
    }

    @Tool(name = "verify_audit_log", value = """
            Chains any new audit events, then checks every link of the audit log's hash chain. Reports the number \
            of events verified, or the first broken link.""")
    @ToolPolicy(requires = Capability.VERIFY_AUDIT_LOG, effect = Effect.READ, title = "Verify audit log")
    public AuditViews.AuditReport verifyAuditLog() {
        return switch (chain.verify()) {
            case AuditChain.Verification.Intact intact ->
                    new AuditViews.AuditReport(true, intact.verified(), intact.pending(), null, null);
            case AuditChain.Verification.Broken broken ->
                    new AuditViews.AuditReport(false, Math.max(0, broken.position() - 1), 0, broken.position(), broken.problem());
        };
    }
}
