package dev.agentbank.lending.application;

import dev.agentbank.shared.text.PlainText;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer's credit report as the bureau gave it: what underwriting decides on, and the reference a decision
 * cites so it can be replayed. A report that breaks these rules cannot be built, so it cannot be decided on.
 */
public record CreditReport(long customerId, int score, int delinquencies, Instant reportedAt, String bureauReference) {
    public static final int MIN_SCORE = 300;
    public static final int MAX_SCORE = 850;
    public static final int MAX_REFERENCE_LENGTH = 100;

    public CreditReport {
        if (customerId <= 0) {
            throw new IllegalArgumentException("customerId must be positive");
        }
        if (score < MIN_SCORE || score > MAX_SCORE) {
            throw new IllegalArgumentException("score must be from " + MIN_SCORE + " to " + MAX_SCORE + ", not " + score);
        }
        if (delinquencies < 0) {
            throw new IllegalArgumentException("delinquencies cannot be negative");
        }
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(bureauReference, "bureauReference");
        if (bureauReference.isBlank() || bureauReference.length() > MAX_REFERENCE_LENGTH
                || PlainText.hasControlCharacters(bureauReference)) {
            throw new IllegalArgumentException("bureauReference must be 1 to " + MAX_REFERENCE_LENGTH
                    + " characters without control characters");
        }
    }
}
