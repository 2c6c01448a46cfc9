package dev.agentbank.lending.model;

/** What the applicant states about their work. Recorded with every decision; rules version 2026-12-v1 does not score it. */
public enum EmploymentStatus {
    EMPLOYED,
    SELF_EMPLOYED,
    RETIRED,
    STUDENT,
    UNEMPLOYED
}
