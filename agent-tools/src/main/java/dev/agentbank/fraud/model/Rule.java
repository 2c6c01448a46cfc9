package dev.agentbank.fraud.model;

import java.util.Optional;

/** One explainable check of a movement against its account's history. Rules are small, pure and versioned. */
public interface Rule {
    /** A stable id, e.g. "velocity". */
    String id();

    /** Changes whenever the rule's logic or defaults change, e.g. "2026-12-v1". */
    String version();

    Optional<Hit> judge(Movement movement, AccountActivity history);
}
