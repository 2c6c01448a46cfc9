package dev.agentbank.shared.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The one way to run SQL on a pooled connection. Each call borrows a connection, runs the work in one transaction,
 * commits, rolls back on any failure, and gives the connection back. The pool hands out connections with
 * auto-commit off, so nothing else needs to begin, commit or roll back by hand.
 *
 * <p>A serialization failure (40001) or a deadlock (40P01) means a concurrent writer won; the whole unit runs again,
 * up to {@value #ATTEMPTS} times, so the work must keep its effects in the database: it may run more than once.
 * A unique violation (23505) is retried only by {@link #inTransactionRetryingDuplicates}: there a racing request has
 * just committed the same idempotency key (or the same settlement account) and the retry finds it and replays it.
 * Anywhere else a duplicate is a real conflict (a duplicate token, a taken key), and retrying would only repeat it
 * four times and hide where it came from.
 *
 * <p>An {@link SQLException} leaves as a {@link DatabaseException} saying in words what failed; runtime exceptions
 * thrown by the work (a refusal, an invariant) leave unchanged, after the rollback.
 */
public final class Jdbc {
    private static final int ATTEMPTS = 5;
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK = "40P01";
    private static final String UNIQUE_VIOLATION = "23505";

    /** A unit of work on one connection, inside its transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Makes one value of the current row. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** A unit of work with nothing to return. */
    @FunctionalInterface
    public interface VoidWork {
        void accept(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Runs {@code work} in one transaction and returns its result.
     *
     * @param what completes "could not …" in the error, e.g. "store the approval request"
     */
    public <T> T inTransaction(String what, Work<T> work) {
        return retrying(false, () -> once(what, false, work));
    }

    /** As {@link #inTransaction}, and a unique violation, too, runs the unit again: for idempotent replays only. */
    public <T> T inTransactionRetryingDuplicates(String what, Work<T> work) {
        return retrying(true, () -> once(what, false, work));
    }

    /** As {@link #inTransaction}, for work with nothing to return. */
    public void run(String what, VoidWork work) {
        inTransaction(what, connection -> {
            work.accept(connection);
            return null;
        });
    }

    /**
     * Reads in one READ ONLY transaction: the server refuses any write. For a consistent view across several
     * statements the work may raise the isolation first, before its first statement; the pool resets it afterwards.
     */
    public <T> T query(String what, Work<T> work) {
        return retrying(false, () -> once(what, true, work));
    }

    /** Runs one statement that changes rows, with positional parameters, in its own transaction; the rows changed. */
    public int update(String what, String sql, Object... parameters) {
        return inTransaction(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        });
    }

    /** The rows of one SELECT with positional parameters, each made by {@code reader}, in a read-only transaction. */
    public <T> List<T> list(String what, String sql, RowReader<T> reader, Object... parameters) {
        return query(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                List<T> result = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        result.add(reader.read(rows));
                    }
                }
                return result;
            }
        });
    }

    /** Sets positional parameters 1… of {@code statement} to {@code parameters}, in order. */
    public static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }

    private <T> T once(String what, boolean readOnly, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                if (connection.getAutoCommit()) { // the bank's pool hands them out with it off; any other source too, then
                    connection.setAutoCommit(false);
                }
                if (readOnly) {
                    connection.setReadOnly(true);
                }
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException(what, e);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or has run {@value #ATTEMPTS} times. */
    static <T> T retrying(boolean duplicates, Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (n == ATTEMPTS || !retryable(e, duplicates)) {
                    throw e;
                }
            }
        }
    }

    /** Whether a concurrent writer caused this failure, anywhere along its causes (Hibernate wraps the SQLException). */
    static boolean retryable(Throwable failure, boolean duplicates) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals(SERIALIZATION_FAILURE) || state.equals(DEADLOCK) || (duplicates && state.equals(UNIQUE_VIOLATION))) {
                    return true;
                }
            }
        }
        return false;
    }
}
