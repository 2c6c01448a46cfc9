package dev.agentbank.tools;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import java.util.Map;

/** Where the tool box records each request from an agent; the audit log behind it is wired in by the app. */
@FunctionalInterface
public interface CallLog {
    /** Before a call runs: e.g. note the first use of a principal's token from a new client. Must not throw. */
    default void begin(Principal principal, CallContext context) {}

    void record(Principal principal, CallContext context, String action, String subject, Map<String, Object> details, String outcome);
}
