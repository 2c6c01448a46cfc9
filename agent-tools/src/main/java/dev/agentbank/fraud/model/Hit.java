package dev.agentbank.fraud.model;

import java.util.Objects;

/**
 * A rule that fired: its id and version (so an alert can be explained by the rule as it was), the score it adds, and
 * its evidence in words and figures, e.g. "3 payments to new payees in 40 minutes, total 1,480.00 EUR".
 */
public record Hit(String rule, String version, int score, String evidence) {
    public Hit {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(evidence, "evidence");
        if (score <= 0) {
            throw new IllegalArgumentException("a hit adds a positive score");
        }
    }
}
