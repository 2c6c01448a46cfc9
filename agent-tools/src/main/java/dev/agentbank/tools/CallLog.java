package dev.agentbank.tools;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import java.util.Map;

/** Where the tool box records each request from an agent; the audit log behind it is wired in by the app. */
@FunctionalInterface
public interface CallLog {
    /** Before a call runs: e.g. note the first use of a principal's token from a new client. Must not throw. */
    default void begin(Principal principal, CallContext context) {}

    /** Records a request; the log may write it a moment later, in a batch (see BatchedAudit). */
    void record(Principal principal, CallContext context, String action, String subject, Map<String, Object> details, String outcome);

    /** Records a request that may have changed something: written before this returns. */
    default void recordDurably(Principal principal, CallContext context, String action, String subject, Map<String, Object> details,
                               String outcome) {
        record(principal, context, action, subject, details, outcome);
    }
}
