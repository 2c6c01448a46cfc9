package dev.agentbank.testing;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.jdbc.Database;
import dev.agentbank.shared.jdbc.EmbeddedPostgresServer;
import dev.agentbank.shared.money.Money;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A bank on a fresh, real PostgreSQL database; never a mock.
 *
 * <p>With {@code BANK_TEST_DATABASE_URL} set (user {@code BANK_TEST_DATABASE_USER}, default "postgres", password
 * {@code BANK_TEST_DATABASE_PASSWORD}, default empty) databases are made on that server; otherwise on one embedded
 * PostgreSQL per JVM under {@code target/test-postgres}, stopped when the JVM exits.
 * Each {@link #create()} makes its own database; {@link #close()} drops it.
 *
 * <pre>{@code
 * try (TestBank bank = TestBank.create()) {
 *     AccountNumber alice = bank.checking(bank.customer(), "250.00");
 *     bank.ledger().post(bank.teller, ...);
 * }
 * }</pre>
 */
public final class TestBank implements AutoCloseable {
    public static final Actor TELLER = Actor.of("teller", "test");
    public static final Currency EUR = Currency.getInstance("EUR");
    public static final Currency USD = Currency.getInstance("USD");

    /** The actor the fixture helpers act as. */
    public final Actor teller = TELLER;

    private static Server server;
    private static final AtomicLong names = new AtomicLong();

    private final Server on;
    private final String databaseName;
    private final Path home;
    private final BankRuntime runtime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestBank(Server on, String databaseName, Path home, BankRuntime runtime) {
        this.on = on;
        this.databaseName = databaseName;
        this.home = home;
        this.runtime = runtime;
    }

    /** A bank on a fresh database, with the system clock and default settings. */
    public static TestBank create() {
        return create(Clock.systemUTC());
    }

    public static TestBank create(Clock clock) {
        return create(clock, Map.of());
    }

    /** {@code settings} are extra BANK_* settings, e.g. {@code BANK_MAX_AMOUNT}. */
    public static TestBank create(Clock clock, Map<String, String> settings) {
        Server on = server();
        String name = "agentbank_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection admin = on.admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + on.adminUrl(), e);
        }
        Path home = null;
        try {
            home = Files.createTempDirectory("agentbank-test-home");
            Map<String, String> all = new HashMap<>(settings);
            all.put("BANK_HOME", home.toString());
            BankConfig config = BankConfig.from(Settings.of(all));
            Database.Target target = new Database.Target(on.adminUrl(), on.user(), on.password()).withDatabase(name);
            Database database = Database.open(target, 20, "agentbank-test", Optional.empty());
            return new TestBank(on, name, home, new BankRuntime(database, config, clock));
        } catch (IOException | RuntimeException e) {
            drop(on, name);
            deleteQuietly(home);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    // ---- the server ---------------------------------------------------------------------------------------

    private record Server(String adminUrl, String user, String password) {
        Connection admin() throws SQLException {
            return connect(adminUrl);
        }

        Connection connect(String url) throws SQLException {
            Properties props = new Properties();
            props.setProperty("user", user);
            if (!password.isEmpty()) {
                props.setProperty("password", password);
            }
            return DriverManager.getConnection(url, props);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            String url = System.getenv("BANK_TEST_DATABASE_URL");
            if (url != null && !url.isBlank()) {
                server = new Server(url.strip(), envOr("BANK_TEST_DATABASE_USER", "postgres"), envOr("BANK_TEST_DATABASE_PASSWORD", ""));
            } else {
                EmbeddedPostgresServer embedded = EmbeddedPostgresServer.startOrReuse(Path.of("target/test-postgres").toAbsolutePath());
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::stop, "test-postgres-stop"));
                server = new Server(embedded.jdbcUrl("postgres"), embedded.user(), "");
            }
        }
        return server;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    // ---- access -------------------------------------------------------------------------------------------

    public BankRuntime runtime() {
        return runtime;
    }

    public DataSource dataSource() {
        return runtime.database().dataSource();
    }

    public Ledger ledger() {
        return runtime.ledger();
    }

    public String databaseName() {
        return databaseName;
    }

    /** A plain auto-commit connection to this bank's database as the server's (super)user, outside the pool. */
    public Connection connect() throws SQLException {
        return on.connect(new Database.Target(on.adminUrl(), on.user(), on.password()).withDatabase(databaseName).jdbcUrl());
    }

    /** A plain auto-commit connection to the server's admin database. */
    public static Connection connectToAdminDatabase() throws SQLException {
        return server().admin();
    }

    // ---- fixtures -----------------------------------------------------------------------------------------

    /** Registers a customer and returns its id. */
    public long customer() {
        return runtime.customers().register(teller, "Test Customer " + names.incrementAndGet(), null).id();
    }

    /** An open EUR checking account of a new customer, holding {@code opening}. */
    public AccountNumber checking(String opening) {
        return checking(customer(), opening);
    }

    /** An open EUR checking account holding {@code opening}, deposited through the ledger. */
    public AccountNumber checking(long customerId, String opening) {
        return account(customerId).opening(opening).open();
    }

    public AccountBuilder account(long customerId) {
        return new AccountBuilder(customerId);
    }

    public final class AccountBuilder {
        private final long customerId;
        private AccountKind kind = AccountKind.CHECKING;
        private Currency currency = EUR;
        private String overdraft = "0";
        private String opening;

        private AccountBuilder(long customerId) {
            this.customerId = customerId;
        }

        public AccountBuilder kind(AccountKind kind) {
            this.kind = kind;
            return this;
        }

        public AccountBuilder currency(String code) {
            this.currency = Currency.getInstance(code);
            return this;
        }

        public AccountBuilder overdraft(String limit) {
            this.overdraft = limit;
            return this;
        }

        /** Deposited through the ledger right after opening; no deposit when null or zero. */
        public AccountBuilder opening(String amount) {
            this.opening = amount;
            return this;
        }

        public AccountNumber open() {
            Account account = runtime.accounts().open(teller, customerId, kind, currency, new Money(new BigDecimal(overdraft), currency));
            AccountNumber number = account.number();
            if (opening != null && new BigDecimal(opening).signum() > 0) {
                deposit(number, opening);
            }
            return number;
        }
    }

    public static IdempotencyKey newKey() {
        return new IdempotencyKey(UUID.randomUUID().toString());
    }

    /** Deposits and returns the receipt; fails the test unless it posts. */
    public Receipt deposit(AccountNumber account, String amount) {
        return posted(ledger().post(teller, new Commands.Deposit(account, new BigDecimal(amount), Optional.empty(), null, newKey())));
    }

    public Receipt withdraw(AccountNumber account, String amount) {
        return posted(ledger().post(teller, new Commands.Withdrawal(account, new BigDecimal(amount), Optional.empty(), null, newKey())));
    }

    public Receipt transfer(AccountNumber from, AccountNumber to, String amount) {
        return posted(ledger().post(teller, new Commands.Transfer(from, to, new BigDecimal(amount), Optional.empty(), null, newKey())));
    }

    /** The receipt of a fresh posting; an AssertionError for anything else. */
    public static Receipt posted(LedgerOutcome outcome) {
        if (outcome instanceof LedgerOutcome.Posted posted && !posted.replayed()) {
            return posted.receipt();
        }
        throw new AssertionError("expected a fresh posting, got " + outcome);
    }

    /** The cached balance, read from the database. */
    public Money balance(AccountNumber account) {
        return runtime.accounts().find(account).orElseThrow(() -> new AssertionError("no account " + account)).balance();
    }

    /** Freezes an account directly in SQL (account rows are not append-only). */
    public void freeze(AccountNumber account) {
        int updated = update("UPDATE account SET status = 'FROZEN' WHERE number = '" + account.value() + "'");
        if (updated != 1) {
            throw new AssertionError("could not freeze " + account);
        }
    }

    /** Runs one statement on a plain connection and returns the update count. */
    public int update(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single number a query returns (0 for SQL NULL). */
    public long queryLong(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the one row the query returns, as text. */
    public String queryString(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new IllegalStateException("no row: " + sql);
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    // ---- "changes nothing" --------------------------------------------------------------------------------

    /** What a rejected request must leave as it was. Compare two with equals. */
    public record Snapshot(long journalEntries, long postings, long auditEvents, long auditPending, long customers,
                           long accounts, long balanceSumMinor, long accountSeqSum) {}

    public Snapshot snapshot() {
        String sql = "SELECT (SELECT count(*) FROM journal_entry), (SELECT count(*) FROM posting), "
                + "(SELECT count(*) FROM audit_event), (SELECT count(*) FROM audit_pending), (SELECT count(*) FROM customer), "
                + "(SELECT count(*) FROM account), (SELECT coalesce(sum(balance_minor), 0) FROM account), "
                + "(SELECT coalesce(sum(last_seq), 0) FROM account)";
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return new Snapshot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6),
                    rs.getLong(7), rs.getLong(8));
        } catch (SQLException e) {
            throw new IllegalStateException("could not snapshot " + databaseName, e);
        }
    }

    // ---- teardown -----------------------------------------------------------------------------------------

    /** Closes the pool (leaving the shared server up) and drops the database. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            runtime.stopProvider();
            runtime.database().closeKeepingServer();
        } finally {
            drop(on, databaseName);
            deleteQuietly(home);
        }
    }

    private static void drop(Server on, String name) {
        try (Connection admin = on.admin(); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
