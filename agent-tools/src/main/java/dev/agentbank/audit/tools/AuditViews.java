package dev.agentbank.audit.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** What the audit tool returns. Small records with snake_case names, amounts as exact decimal strings. */
public final class AuditViews {
    private AuditViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AuditReport(boolean intact, long verifiedEvents, long pendingEvents,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long brokenAtPosition,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {}
}
