package dev.agentbank.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the ledger lives. No URL means embedded PostgreSQL with its data under {@code embeddedDataDirectory}.
 */
public record DatabaseConfig(Optional<String> url, String user, Secret password, int poolSize, Path embeddedDataDirectory) {
    public static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseConfig {
        url.ifPresent(DatabaseConfig::requireJdbcPostgresUrl);
        if (poolSize < 1) {
            throw new ConfigException("BANK_DATABASE_POOL_SIZE cannot be less than 1");
        }
    }

    static DatabaseConfig from(Settings settings, Path home) {
        return new DatabaseConfig(
                settings.optional("BANK_DATABASE_URL"),
                settings.string("BANK_DATABASE_USER", "postgres"),
                settings.secret("BANK_DATABASE_PASSWORD"),
                settings.integer("BANK_DATABASE_POOL_SIZE", DEFAULT_POOL_SIZE, 1, 500),
                home.resolve("postgres"));
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    private static void requireJdbcPostgresUrl(String url) {
        String expected = "BANK_DATABASE_URL must look like jdbc:postgresql://host:5432/database";
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigException(expected + ", got a value that does not start with jdbc:postgresql://");
        }
        try {
            URI uri = URI.create(url.substring("jdbc:".length()));
            if (uri.getRawUserInfo() != null) {
                throw new ConfigException("BANK_DATABASE_URL must not carry credentials; set BANK_DATABASE_USER and BANK_DATABASE_PASSWORD instead");
            }
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            // The URL may embed a password, so it is not echoed back.
            throw new ConfigException(expected + " (host and database name are required)");
        }
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url.map(DatabaseConfig::withoutQuery).orElse("embedded")
                + ", user=" + user + ", password=" + password + ", poolSize=" + poolSize + "]";
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
