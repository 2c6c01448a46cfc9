package dev.agentbank.shared.jdbc;

import java.sql.SQLException;

/**
 * A database failure, said in words: "could not store the token". The message names what failed and the SQL state,
 * never the statement, its parameters or the server's detail (which can quote the values); those stay on the cause,
 * for a debugger, not for a log line or an answer to a caller.
 */
public final class DatabaseException extends RuntimeException {
    private final String sqlState;

    /** {@code what} completes "could not …", e.g. "store the approval request". */
    public DatabaseException(String what, SQLException cause) {
        super("could not " + what + (cause.getSQLState() == null ? "" : " (SQL state " + cause.getSQLState() + ")"), cause);
        this.sqlState = cause.getSQLState();
    }

    /**
     * Whether {@code failure}, anywhere along its causes, says the database could not be reached: its server down or
     * restarting, a connection cut, the pool's connects failing. Such a call is worth retrying in a few seconds. A pool
     * that only had no free connection in time (its SQLSTATE empty) is busy, not unreachable.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P01-57P03: shut down by an administrator, by a crash, not accepting yet
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The five-character SQLSTATE of the failure, e.g. "23505"; null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }
}
