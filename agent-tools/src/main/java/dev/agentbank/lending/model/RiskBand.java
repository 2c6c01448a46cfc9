package dev.agentbank.lending.model;

/**
 * How risky a borrower is, from best (A) to worst (C). Underwriting assigns it; the product prices it.
 * Kept apart from the rates so a product can reprice a band without touching the rules.
 */
public enum RiskBand {
    A,
    B,
    C
}
