package dev.agentbank.shared;

/** A request that cannot be valid whatever the ledger holds. Its message is written for a person or a model. */
public final class InvalidRequest extends IllegalArgumentException {
    public InvalidRequest(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
