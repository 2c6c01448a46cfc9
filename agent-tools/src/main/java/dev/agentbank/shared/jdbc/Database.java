package dev.agentbank.shared.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentbank.config.DatabaseConfig;
import java.util.Optional;
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
    private final HikariDataSource dataSource;
    private final SessionFactory sessionFactory;
    private final Optional<EmbeddedPostgresServer> embedded;
    private final Target target;
    private final Jdbc jdbc;

    private Database(HikariDataSource dataSource, SessionFactory sessionFactory,
                     Optional<EmbeddedPostgresServer> embedded, Target target) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.sessionFactory = sessionFactory;
        this.embedded = embedded;
        this.target = target;
    }

    public Target target() {
        return target;
    }

    /** Opens the configured database; {@code applicationName} shows in pg_stat_activity (e.g. "agentbank-mcp"). */
    public static Database open(DatabaseConfig config, String applicationName) {
        if (config.embedded()) {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.startOrReuse(config.embeddedDataDirectory());
            return open(new Target(server.jdbcUrl("postgres"), server.user(), ""), config.poolSize(), applicationName, Optional.of(server));
        }
        return open(new Target(config.url().orElseThrow(), config.user(), config.password().value()), config.poolSize(),
                applicationName, Optional.empty());
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
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(target.jdbcUrl());
        hikari.setUsername(target.user());
        if (!target.password().isEmpty()) {
            hikari.setPassword(target.password());
        }
        hikari.setMaximumPoolSize(poolSize);
        hikari.setPoolName(applicationName);
        hikari.addDataSourceProperty("ApplicationName", applicationName);
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.setAutoCommit(false);
        hikari.setInitializationFailTimeout(10_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            migrate(dataSource);
            SessionFactory sessionFactory = buildSessionFactory(dataSource);
            return new Database(dataSource, sessionFactory, embedded, target);
        } catch (RuntimeException e) {
            dataSource.close();
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

    @Override
    public void close() {
        sessionFactory.close();
        dataSource.close();
        embedded.ifPresent(EmbeddedPostgresServer::stopIfUnused);
    }

    /** Leaves a shared embedded server running for other processes (tests and benchmarks reuse it). */
    public void closeKeepingServer() {
        sessionFactory.close();
        dataSource.close();
    }
}
