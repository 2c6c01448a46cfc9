package dev.agentbank.shared.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The pool, closed while the database is known to be away (its embedded server restarting, or for a second after
 * the pool had no connection in time): a caller learns so at once, instead of holding a thread for the pool's whole
 * connection timeout. Everything reaches the database through
 * here, Hibernate included.
 */
final class GatedDataSource implements DataSource {
    /** SQLSTATE 08001, "unable to establish connection", which {@link DatabaseException#unreachable} recognises. */
    static final String UNREACHABLE = "08001";

    private final DataSource pool;
    private final Supplier<Optional<String>> unavailable;

    GatedDataSource(DataSource pool, Supplier<Optional<String>> unavailable) {
        this.pool = pool;
        this.unavailable = unavailable;
    }

    /** After the pool found no connection in time, how long later callers are told at once (a server restarting). */
    static final long QUIET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    private volatile long awayUntil = System.nanoTime();

    @Override
    public Connection getConnection() throws SQLException {
        refuseWhileAway();
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException timedOut) {
            if (DatabaseException.unreachable(timedOut)) { // the pool's last connect failed; a busy pool alone is no outage
                awayUntil = System.nanoTime() + QUIET_NANOS;
            }
            throw timedOut;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseWhileAway();
        return pool.getConnection(username, password);
    }

    private void refuseWhileAway() throws SQLTransientConnectionException {
        Optional<String> why = unavailable.get();
        if (why.isPresent()) {
            throw new SQLTransientConnectionException(why.get(), UNREACHABLE);
        }
        if (System.nanoTime() - awayUntil < 0) {
            throw new SQLTransientConnectionException("the database gave no connection a moment ago", UNREACHABLE);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }
}
