package dev.agentbank.shared.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
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
        T apply(Connection connection) throws SQLException;
    }

    public <T> T run(Function<Session, T> work) {
        return retrying(() -> sessionFactory.fromTransaction(session -> {
            T result = work.apply(session);
            session.flush();
            return result;
        }));
    }

    /** The same rules on a bare pooled connection, for the ledger's hot path: no Hibernate session to manage. */
    public <T> T runJdbc(DataSource dataSource, JdbcWork<T> work) {
        return retrying(() -> inTransaction(dataSource, work));
    }

    private static <T> T inTransaction(DataSource dataSource, JdbcWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("ledger transaction failed", e);
        }
    }

    private static <T> T retrying(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (n == ATTEMPTS || !retryable(e)) {
                    throw e;
                }
            }
        }
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
