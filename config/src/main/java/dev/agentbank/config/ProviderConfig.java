package dev.agentbank.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The retail-banking provider that opens accounts. No URL means the built-in sandbox provider, started on a free
 * local port with a token made up at start-up; with a URL the token is required.
 */
public record ProviderConfig(Optional<URI> url, Secret token, Duration connectTimeout, Duration readTimeout,
                             Duration callTimeout, int maxRetries, Duration reconcileInterval) {
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
    public static final int DEFAULT_READ_TIMEOUT_MS = 10_000;
    public static final int DEFAULT_CALL_TIMEOUT_MS = 30_000;
    public static final int DEFAULT_MAX_RETRIES = 2;
    public static final int DEFAULT_RECONCILE_INTERVAL_MS = 30_000;

    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7E]{8,4096}");

    public ProviderConfig {
        if (url.isPresent() && token.isEmpty()) {
            throw new ConfigException("BANK_PROVIDER_TOKEN must be set when BANK_PROVIDER_URL is set");
        }
        if (!token.isEmpty() && !TOKEN.matcher(token.value()).matches()) {
            throw new ConfigException("BANK_PROVIDER_TOKEN must be 8 to 4096 printable ASCII characters without spaces");
        }
        if (callTimeout.compareTo(readTimeout) < 0 || callTimeout.compareTo(connectTimeout) < 0) {
            throw new ConfigException("BANK_PROVIDER_CALL_TIMEOUT_MS must be at least BANK_PROVIDER_CONNECT_TIMEOUT_MS and BANK_PROVIDER_READ_TIMEOUT_MS");
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new ConfigException("BANK_PROVIDER_MAX_RETRIES must be a whole number from 0 to 10");
        }
    }

    static ProviderConfig from(Settings settings) {
        return new ProviderConfig(
                settings.optional("BANK_PROVIDER_URL").map(ProviderConfig::parseUrl),
                settings.secret("BANK_PROVIDER_TOKEN"),
                Duration.ofMillis(settings.integer("BANK_PROVIDER_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT_MS, 100, 60_000)),
                Duration.ofMillis(settings.integer("BANK_PROVIDER_READ_TIMEOUT_MS", DEFAULT_READ_TIMEOUT_MS, 100, 300_000)),
                Duration.ofMillis(settings.integer("BANK_PROVIDER_CALL_TIMEOUT_MS", DEFAULT_CALL_TIMEOUT_MS, 100, 600_000)),
                settings.integer("BANK_PROVIDER_MAX_RETRIES", DEFAULT_MAX_RETRIES, 0, 10),
                Duration.ofMillis(settings.integer("BANK_PROVIDER_RECONCILE_INTERVAL_MS", DEFAULT_RECONCILE_INTERVAL_MS, 1_000, 86_400_000)));
    }

    /** The built-in sandbox with default timeouts, for tests and tools. */
    public static ProviderConfig sandbox() {
        return new ProviderConfig(Optional.empty(), new Secret(""), Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MS),
                Duration.ofMillis(DEFAULT_READ_TIMEOUT_MS), Duration.ofMillis(DEFAULT_CALL_TIMEOUT_MS), DEFAULT_MAX_RETRIES,
                Duration.ofMillis(DEFAULT_RECONCILE_INTERVAL_MS));
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    /** The URL may carry secrets, so a bad one is never echoed back. */
    static URI parseUrl(String raw) {
        String expected = "BANK_PROVIDER_URL must look like https://provider.example/ (http or https, a host, no credentials, no query)";
        URI uri;
        try {
            uri = new URI(raw);
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(expected + "; the scheme is not http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new ConfigException("BANK_PROVIDER_URL must not carry credentials; set BANK_PROVIDER_TOKEN instead");
        }
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigException(expected);
        }
        return uri;
    }

    @Override
    public String toString() {
        return "ProviderConfig[url=" + url.map(URI::toString).orElse("embedded sandbox") + ", token=" + token
                + ", connectTimeout=" + connectTimeout.toMillis() + "ms, readTimeout=" + readTimeout.toMillis()
                + "ms, callTimeout=" + callTimeout.toMillis() + "ms, maxRetries=" + maxRetries + "]";
    }
}
