package dev.agentbank.approvals.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who let a money movement through, how, and when; kept in the posting's audit row. */
public record Approval(String approvedBy, String channel, Instant at, String approvalId, Instant askedAt) {

    /** An approval whose question time is not known. */
    public Approval(String approvedBy, String channel, Instant at, String approvalId) {
        this(approvedBy, channel, at, approvalId, null);
    }

    private static final String AUTOMATIC = "auto-under-threshold";

    /** Under the threshold nobody is asked; the record says so. */
    public static Approval automatic(Instant at) {
        return new Approval("policy", AUTOMATIC, at, null);
    }

    /** Whether a human let it through, rather than the threshold. */
    public boolean byHuman() {
        return !AUTOMATIC.equals(channel);
    }

    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("approved_by", approvedBy);
        details.put("approval_channel", channel);
        details.put("approved_at", at.toString());
        if (approvalId != null) {
            details.put("approval_id", approvalId);
        }
        if (askedAt != null) {
            details.put("asked_at", askedAt.toString());
        }
        return details;
    }
}
