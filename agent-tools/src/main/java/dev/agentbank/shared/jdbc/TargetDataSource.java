package dev.agentbank.shared.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Where the pool opens its connections: the database's address as it is now, read for each new connection, so a pool
 * follows an embedded server that had to come back on another port.
 */
final class TargetDataSource implements DataSource {
    private final Supplier<Database.Target> target;
    private final Properties properties;
    private volatile int loginTimeout;

    /** {@code properties} are the driver's (ApplicationName, …); the user and password come with each target. */
    TargetDataSource(Supplier<Database.Target> target, Properties properties) {
        this.target = target;
        this.properties = properties;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Database.Target now = target.get();
        Properties connect = new Properties();
        connect.putAll(properties);
        connect.setProperty("user", now.user());
        if (!now.password().isEmpty()) {
            connect.setProperty("password", now.password());
        }
        if (loginTimeout > 0) {
            connect.setProperty("loginTimeout", Integer.toString(loginTimeout));
        }
        return DriverManager.getConnection(now.jdbcUrl(), connect);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the user comes with the database's target");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // the driver logs through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
