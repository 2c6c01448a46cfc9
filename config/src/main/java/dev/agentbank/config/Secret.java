package dev.agentbank.config;

import java.util.Objects;

/** A value that must never reach a log: toString hides it. */
public record Secret(String value) {
    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(unset)" : "****";
    }
}
