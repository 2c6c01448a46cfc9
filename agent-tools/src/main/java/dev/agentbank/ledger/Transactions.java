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

    /** A unit of JDBC work that may throw SQLException. */
    @FunctionalInterface
    public interface JdbcWork<T> {
        T apply(java.sql.Connection connection) throws SQLException;
    }

    /**
     * The same transaction and retry rules on a bare pooled connection, for the ledger's hot path:
     * no Hibernate session to open, flush and close.
     */
    public <T> T runJdbc(javax.sql.DataSource dataSource, JdbcWork<T> work) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (java.sql.Connection connection = dataSource.getConnection()) {
                try {
                    T result = work.apply(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                if (!retryable(e)) {
                    throw new IllegalStateException("ledger transaction failed", e);
                }
                last = new IllegalStateException("ledger transaction failed", e);
            } catch (RuntimeException e) {
                if (!retryable(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
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
