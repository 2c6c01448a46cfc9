package dev.agentbank.approvals.model;

import java.util.Objects;

/**
 * Who receives a movement, for the per-counterparty total moved without a human: {@code key} identifies it (a payee
 * id), {@code label} names it in messages (the payee's name).
 */
public record Counterparty(String key, String label) {
    public Counterparty {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
    }
}
