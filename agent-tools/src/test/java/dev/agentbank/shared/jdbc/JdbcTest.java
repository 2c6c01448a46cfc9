package dev.agentbank.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.testing.SharedBankTest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one JDBC helper, on real PostgreSQL: commit, rollback, retries and the words of its errors. */
class JdbcTest extends SharedBankTest {
    private static Jdbc jdbc;

    @BeforeAll
    static void tables() {
        jdbc = bank.runtime().database().jdbc();
        bank.update("CREATE TABLE jdbc_probe (name TEXT PRIMARY KEY)");
        bank.update("CREATE TABLE jdbc_counter (id INT PRIMARY KEY, n INT NOT NULL)");
    }

    @BeforeEach
    void empty() {
        bank.update("DELETE FROM jdbc_probe");
        bank.update("DELETE FROM jdbc_counter");
    }

    private static void insert(Connection connection, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO jdbc_probe (name) VALUES (?)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
    }

    private static long rows(String name) {
        return bank.queryLong("SELECT count(*) FROM jdbc_probe WHERE name = '" + name + "'");
    }

    @Test
    void commitsWhatTheWorkDid() {
        String result = jdbc.inTransaction("store a probe", connection -> {
            insert(connection, "kept");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(rows("kept")).isEqualTo(1);
    }

    @Test
    void rollsBackAndRethrowsAnExceptionOfTheWorkUnchanged() {
        IllegalStateException refusal = new IllegalStateException("refused on purpose");

        assertThatThrownBy(() -> jdbc.run("store a probe", connection -> {
            insert(connection, "lost");
            throw refusal;
        })).isSameAs(refusal);

        assertThat(rows("lost")).isZero();
    }

    @Test
    void rollsBackAFailedStatementAndSaysInWordsWhatFailed() {
        assertThatThrownBy(() -> jdbc.run("store a probe", connection -> {
            insert(connection, "half");
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1 / 0 AS secret_column");
            }
        })).isInstanceOf(DatabaseException.class)
                .hasMessage("could not store a probe (SQL state 22012)")
                .hasMessageNotContaining("SELECT").hasMessageNotContaining("secret_column")
                .hasCauseInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("22012"));

        assertThat(rows("half")).isZero();
    }

    @Test
    void endsEveryTransactionItselfBeforeGivingTheConnectionBack() {
        // The pool would roll back a dirty connection on close anyway; the helper must not rely on that.
        List<String> calls = new CopyOnWriteArrayList<>();
        Jdbc recorded = new Jdbc(recording(bank.dataSource(), calls));

        recorded.run("store a probe", connection -> insert(connection, "recorded"));
        assertThat(calls).containsExactly("commit", "close");

        calls.clear();
        assertThatThrownBy(() -> recorded.run("store a probe", connection -> {
            insert(connection, "not recorded");
            throw new IllegalStateException("refused on purpose");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(calls).containsExactly("rollback", "close");

        calls.clear();
        assertThatThrownBy(() -> recorded.run("store a probe", connection -> insert(connection, "recorded")))
                .isInstanceOf(DatabaseException.class);
        assertThat(calls).containsExactly("rollback", "close");
    }

    /** The pool's connections, noting each commit, rollback and close. */
    private static DataSource recording(DataSource pool, List<String> calls) {
        Set<String> noted = Set.of("commit", "rollback", "close");
        return (DataSource) Proxy.newProxyInstance(JdbcTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = call(pool, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(JdbcTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (noted.contains(m.getName())) {
                                    calls.add(m.getName());
                                }
                                return call(connection, m, a);
                            });
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void givesEveryConnectionBack() {
        for (int i = 0; i < 50; i++) { // twice the pool: a leak would block here
            assertThatThrownBy(() -> jdbc.run("fail", connection -> {
                throw new SQLException("no", "22000");
            })).isInstanceOf(DatabaseException.class);
            assertThatThrownBy(() -> jdbc.run("fail", connection -> {
                throw new IllegalArgumentException("no");
            })).isInstanceOf(IllegalArgumentException.class);
        }
        int answer = jdbc.query("read", connection -> 7);
        assertThat(answer).isEqualTo(7);
    }

    @Test
    void runsTheWholeUnitAgainAfterASerializationFailureAndCommitsOnlyTheLastAttempt() {
        AtomicInteger attempts = new AtomicInteger();

        jdbc.run("store a probe", connection -> {
            int attempt = attempts.incrementAndGet();
            insert(connection, "attempt-" + attempt);
            if (attempt == 1) {
                throw new SQLException("could not serialize access", "40001");
            }
        });

        assertThat(attempts).hasValue(2);
        assertThat(rows("attempt-1")).isZero();
        assertThat(rows("attempt-2")).isEqualTo(1);
    }

    @Test
    void retriesARealSerializationConflictBetweenTwoWriters() throws SQLException {
        bank.update("INSERT INTO jdbc_counter VALUES (1, 0)");
        AtomicInteger attempts = new AtomicInteger();

        int seen = jdbc.inTransaction("count", connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            int before;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT n FROM jdbc_counter WHERE id = 1")) {
                rs.next();
                before = rs.getInt(1);
            }
            if (attempts.incrementAndGet() == 1) {
                bank.update("UPDATE jdbc_counter SET n = n + 10 WHERE id = 1"); // another writer commits after our snapshot
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE jdbc_counter SET n = " + (before + 1) + " WHERE id = 1");
            }
            return before;
        });

        assertThat(attempts).hasValue(2);
        assertThat(seen).isEqualTo(10);
        assertThat(bank.queryLong("SELECT n FROM jdbc_counter WHERE id = 1")).isEqualTo(11);
    }

    @Test
    void retriesADeadlockAndGivesUpAfterABoundedNumberOfAttempts() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> jdbc.run("store a probe", connection -> {
            attempts.incrementAndGet();
            throw new SQLException("deadlock detected", "40P01");
        })).isInstanceOf(DatabaseException.class).hasMessage("could not store a probe (SQL state 40P01)");

        assertThat(attempts).hasValue(5);
    }

    @Test
    void aUniqueViolationIsNotRetriedByDefault() {
        bank.update("INSERT INTO jdbc_probe VALUES ('taken')");
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> jdbc.run("store a probe", connection -> {
            attempts.incrementAndGet();
            insert(connection, "taken");
        })).isInstanceOf(DatabaseException.class).hasMessage("could not store a probe (SQL state 23505)")
                .hasMessageNotContaining("taken");

        assertThat(attempts).hasValue(1);
    }

    @Test
    void aDuplicateThatCommitsBetweenTheCheckAndTheInsertIsRetriedAndReplayed() {
        AtomicInteger attempts = new AtomicInteger();

        String outcome = jdbc.inTransactionRetryingDuplicates("store a probe", connection -> {
            int attempt = attempts.incrementAndGet();
            boolean exists;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM jdbc_probe WHERE name = 'twin'")) {
                rs.next();
                exists = rs.getLong(1) > 0;
            }
            if (exists) {
                return "replayed";
            }
            if (attempt == 1) {
                bank.update("INSERT INTO jdbc_probe VALUES ('twin')"); // the twin commits after our check
            }
            insert(connection, "twin");
            return "inserted";
        });

        assertThat(outcome).isEqualTo("replayed");
        assertThat(attempts).hasValue(2);
        assertThat(rows("twin")).isEqualTo(1);
    }

    @Test
    void aQueryCannotWrite() {
        assertThatThrownBy(() -> jdbc.query("read the probes", connection -> {
            insert(connection, "written");
            return null;
        })).isInstanceOf(DatabaseException.class).hasMessage("could not read the probes (SQL state 25006)");

        assertThat(rows("written")).isZero();
        long count = jdbc.query("read the probes", connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM jdbc_probe")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(count).isZero();
    }
}
