package dev.agentbank.shared.audit;

import dev.agentbank.shared.Actor;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit row of the agent's call running on this thread. The first ledger posting the call makes writes it in its
 * own statement, so a money movement and the record of the call that asked for it commit together or not at all.
 * A call that posts nothing is recorded by the tool box afterwards, as before.
 */
public final class CallRecord {
    private static final ThreadLocal<CallRecord> CURRENT = new ThreadLocal<>();

    private final Actor actor;
    private final String action;
    private final String subject;
    private final Map<String, Object> details;
    private volatile boolean committed;

    public CallRecord(Actor actor, String action, String subject, Map<String, Object> details) {
        this.actor = actor;
        this.action = action;
        this.subject = subject;
        this.details = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details)); // values may be null
    }

    /** Runs {@code call} with this record as the one its postings write. */
    public <T> T around(Supplier<T> call) {
        CallRecord outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.get();
        } finally {
            CURRENT.set(outer);
        }
    }

    /** The running call's record while no committed posting holds it yet. */
    public static Optional<CallRecord> unwritten() {
        return Optional.ofNullable(CURRENT.get()).filter(record -> !record.committed);
    }

    /** Called once the posting that wrote this record has committed. */
    public void committed() {
        committed = true;
    }

    public boolean isCommitted() {
        return committed;
    }

    public Actor actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    public Map<String, Object> details() {
        return details;
    }
}
