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

    /** The five-character SQLSTATE of the failure, e.g. "23505"; null when the driver gave none. */
    public String sqlState() {
        return sqlState;
    }
}
