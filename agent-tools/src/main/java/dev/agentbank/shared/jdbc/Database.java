package dev.agentbank.shared.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentbank.config.DatabaseConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.cfg.Configuration;

/**
 * The ledger's database: a pooled connection (embedded PostgreSQL unless a URL is configured),
 * the schema migrated by Flyway, and Hibernate mapped on top.
 */
public final class Database implements AutoCloseable {
    /** Where this build's migrations live; a readiness check compares the database against them. */
    public static final String MIGRATIONS = "classpath:db/migration";
    /**
     * How long a call waits for a pooled connection. Short, so that while the database is away (a restart of its
     * server) a call fails within about two seconds with an error worth retrying, rather than after HikariCP's 30.
     */
    static final Duration CONNECTION_WAIT = Duration.ofSeconds(2);
    private final HikariDataSource pool;
    private final DataSource dataSource;
    private final SessionFactory sessionFactory;
    private final Optional<EmbeddedPostgresServer> embedded;
    private final Optional<EmbeddedSupervisor> supervisor;
    private final Supplier<Target> target;
    private final Jdbc jdbc;

    private Database(HikariDataSource pool, DataSource dataSource, SessionFactory sessionFactory,
                     Optional<EmbeddedPostgresServer> embedded, Optional<EmbeddedSupervisor> supervisor, Supplier<Target> target) {
        this.pool = pool;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.sessionFactory = sessionFactory;
        this.embedded = embedded;
        this.supervisor = supervisor;
        this.target = target;
    }

    /** Where the database is now: an embedded server that came back on another port is found there. */
    public Target target() {
        return target.get();
    }

    /** Why the database cannot be used at this moment (its embedded server is restarting), if this process knows. */
    public Optional<String> unavailable() {
        return supervisor.flatMap(EmbeddedSupervisor::unavailable);
    }

    /** Opens the configured database; {@code applicationName} shows in pg_stat_activity (e.g. "agentbank-mcp"). */
    public static Database open(DatabaseConfig config, String applicationName) {
        return open(config, applicationName, EmbeddedSupervisor.Policy.DEFAULT);
    }

    /** As {@link #open(DatabaseConfig, String)}, an embedded server watched by {@code supervision}. */
    static Database open(DatabaseConfig config, String applicationName, EmbeddedSupervisor.Policy supervision) {
        if (config.embedded()) {
            EmbeddedSupervisor supervisor;
            EmbeddedPostgresServer server;
            // a watcher from before the server is found, so no other process stops it in between
            try (Watchers.Watch arriving = Watchers.join(config.embeddedDataDirectory())) {
                server = EmbeddedPostgresServer.startOrReuse(config.embeddedDataDirectory());
                supervisor = EmbeddedSupervisor.watch(server, supervision);
            }
            try {
                return open(() -> new Target(server.jdbcUrl("postgres"), server.user(), ""), config.poolSize(), applicationName,
                        Optional.of(server), Optional.of(supervisor));
            } catch (RuntimeException e) {
                supervisor.close();
                throw e;
            }
        }
        Target target = new Target(config.url().orElseThrow(), config.user(), config.password().value());
        return open(() -> target, config.poolSize(), applicationName, Optional.empty(), Optional.empty());
    }

    /** Where to connect; the password stays out of toString. */
    public record Target(String jdbcUrl, String user, String password) {
        @Override
        public String toString() {
            return user + "@" + jdbcUrl;
        }

        /** The same server, another database on it. */
        /** A plain connection outside the pool, for administrative statements such as CREATE DATABASE. */
        public java.sql.Connection connect() throws java.sql.SQLException {
            java.util.Properties props = new java.util.Properties();
            props.setProperty("user", user);
            if (!password.isEmpty()) {
                props.setProperty("password", password);
            }
            props.setProperty("connectTimeout", "5");
            props.setProperty("loginTimeout", "5"); // a server that accepts the socket and then says nothing
            return java.sql.DriverManager.getConnection(jdbcUrl, props);
        }

        public Target withDatabase(String database) {
            java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            return new Target("jdbc:postgresql://" + uri.getHost() + port + "/" + database + query, user, password);
        }
    }

    public static Database open(Target target, int poolSize, String applicationName, Optional<EmbeddedPostgresServer> embedded) {
        return open(() -> target, poolSize, applicationName, embedded, Optional.empty());
    }

    private static Database open(Supplier<Target> target, int poolSize, String applicationName,
                                 Optional<EmbeddedPostgresServer> embedded, Optional<EmbeddedSupervisor> supervisor) {
        Properties driver = new Properties();
        driver.setProperty("ApplicationName", applicationName);
        driver.setProperty("reWriteBatchedInserts", "true");
        driver.setProperty("connectTimeout", Long.toString(CONNECTION_WAIT.toSeconds()));
        HikariConfig hikari = new HikariConfig();
        hikari.setDataSource(new TargetDataSource(target, driver));
        hikari.setMaximumPoolSize(poolSize);
        hikari.setPoolName(applicationName);
        hikari.setAutoCommit(false);
        hikari.setConnectionTimeout(CONNECTION_WAIT.toMillis());
        hikari.setValidationTimeout(CONNECTION_WAIT.toMillis() / 2);
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource pool = new HikariDataSource(hikari);
        DataSource gated = new GatedDataSource(pool, () -> supervisor.flatMap(EmbeddedSupervisor::unavailable));
        try {
            migrate(gated);
            SessionFactory sessionFactory = buildSessionFactory(gated);
            return new Database(pool, gated, sessionFactory, embedded, supervisor, target);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .load()
                .migrate();
    }

    private static SessionFactory buildSessionFactory(DataSource dataSource) {
        Configuration configuration = new Configuration();
        configuration.addResource("db/orm.xml"); // names the entities, so this package need not know them
        configuration.getProperties().put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        // Named explicitly so start-up needs no JDBC metadata round trip.
        configuration.setProperty(AvailableSettings.DIALECT, "org.hibernate.dialect.PostgreSQLDialect");
        configuration.setProperty(AvailableSettings.HBM2DDL_AUTO, "none");
        configuration.setProperty(AvailableSettings.STATEMENT_BATCH_SIZE, "50");
        configuration.setProperty(AvailableSettings.ORDER_INSERTS, "true");
        configuration.setProperty(AvailableSettings.ORDER_UPDATES, "true");
        configuration.setProperty(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, "true");
        configuration.setProperty(AvailableSettings.JDBC_TIME_ZONE, "UTC");
        configuration.setProperty(AvailableSettings.SHOW_SQL, "false");
        configuration.setProperty("hibernate.boot.allow_jdbc_metadata_access", "false");
        return configuration.buildSessionFactory();
    }

    public SessionFactory sessionFactory() {
        return sessionFactory;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The one way to run SQL on this pool: a transaction per call, with its retries and error mapping. */
    public Jdbc jdbc() {
        return jdbc;
    }

    /** Closes the pool; an embedded server stops too, unless another process still uses or watches it. */
    @Override
    public void close() {
        supervisor.ifPresent(EmbeddedSupervisor::close); // no restart while this process stops
        sessionFactory.close();
        pool.close();
        embedded.ifPresent(EmbeddedPostgresServer::stopIfUnused);
    }

    /** Leaves a shared embedded server running for other processes (tests and benchmarks reuse it). */
    public void closeKeepingServer() {
        supervisor.ifPresent(EmbeddedSupervisor::close);
        sessionFactory.close();
        pool.close();
    }
}
