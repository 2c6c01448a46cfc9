package dev.agentbank.config;

/** A setting is missing or wrong. The message is one line that names the variable and what it expects. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
