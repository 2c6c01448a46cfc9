package dev.agentbank.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MCP server's slice.
 *
 * @param host           BANK_MCP_HOST: interface for HTTP; loopback unless told otherwise
 * @param port           BANK_MCP_PORT: HTTP port (0 picks a free one)
 * @param allowedOrigins BANK_MCP_ALLOWED_ORIGINS: browser origins allowed besides loopback ones, comma-separated
 * @param token          BANK_TOKEN: the principal for stdio; unset means the first demo customer when demo data is on
 * @param demoData       BANK_DEMO: seed demo customers on first start against the embedded database
 */
public record McpConfig(String host, int port, List<String> allowedOrigins, Optional<Secret> token, boolean demoData) {
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

    public McpConfig {
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException("BANK_MCP_HOST must be a host name or IP address, e.g. 127.0.0.1");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    public static McpConfig from(Settings settings) {
        String host = settings.string("BANK_MCP_HOST", "127.0.0.1").strip();
        int port = settings.integer("BANK_MCP_PORT", 8080, 0, 65_535);
        List<String> origins = settings.optional("BANK_MCP_ALLOWED_ORIGINS").stream()
                .flatMap(list -> Arrays.stream(list.split(",")))
                .map(String::strip).filter(origin -> !origin.isEmpty())
                .map(origin -> {
                    if (!ORIGIN.matcher(origin).matches()) {
                        throw new ConfigException("BANK_MCP_ALLOWED_ORIGINS entries must look like https://app.example.com, got '"
                                + (origin.length() > 60 ? origin.substring(0, 60) + "…" : origin) + "'");
                    }
                    return origin.toLowerCase(Locale.ROOT);
                })
                .toList();
        Optional<Secret> token = settings.optional("BANK_TOKEN").map(String::strip).filter(t -> !t.isEmpty()).map(Secret::new);
        return new McpConfig(host, port, origins, token, settings.bool("BANK_DEMO", true));
    }

    /** Loopback hosts need no DNS-rebinding allowance beyond their own names. */
    public boolean loopback() {
        return isLoopback(host);
    }

    public static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("::1");
    }
}
