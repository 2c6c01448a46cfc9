package dev.agentbank.ledger;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Runs work in one database transaction, retrying the transient failures of concurrent writers:
 * a deadlock, a serialization failure, or a duplicate idempotency key that a racing request just committed
 * (the retry then finds that entry and replays it).
 */
public final class Transactions {
    private static final Set<String> RETRYABLE_STATES = Set.of("40001", "40P01", "23505");
    private static final int ATTEMPTS = 5;

    private final SessionFactory sessionFactory;

    public Transactions(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public <T> T run(Function<Session, T> work) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return sessionFactory.fromTransaction(session -> {
                    T result = work.apply(session);
                    session.flush();
                    return result;
                });
            } catch (RuntimeException e) {
                if (!retryable(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static boolean retryable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
