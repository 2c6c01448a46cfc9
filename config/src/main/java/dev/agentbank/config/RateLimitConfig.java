package dev.agentbank.config;

/**
 * How fast one principal may go. Each limit is a token bucket per principal, held in memory by one process: several
 * server processes each allow the full rate. A bucket starts full, so a quiet principal may spend a whole minute's (or
 * the HTTP burst's) worth at once, then waits for the steady refill.
 *
 * @param toolsPerMinute    BANK_RATE_TOOLS_PER_MINUTE: tool calls of any kind, over MCP or from the chat
 * @param moneyPerMinute    BANK_RATE_MONEY_PER_MINUTE: calls of money-moving tools (they count as tool calls too)
 * @param requestsPerSecond BANK_RATE_HTTP_PER_SECOND: HTTP requests to the MCP endpoints, any JSON-RPC method
 * @param requestBurst      BANK_RATE_HTTP_BURST: HTTP requests allowed at once after a quiet spell
 */
public record RateLimitConfig(int toolsPerMinute, int moneyPerMinute, int requestsPerSecond, int requestBurst) {
    public static final int DEFAULT_TOOLS_PER_MINUTE = 6000;
    public static final int DEFAULT_MONEY_PER_MINUTE = 600;
    public static final int DEFAULT_REQUESTS_PER_SECOND = 100;
    public static final int DEFAULT_REQUEST_BURST = 200;
    private static final int MAX_PER_MINUTE = 1_000_000;
    private static final int MAX_PER_SECOND = 100_000;

    public RateLimitConfig {
        if (toolsPerMinute < 1 || moneyPerMinute < 1 || requestsPerSecond < 1 || requestBurst < 1
                || toolsPerMinute > MAX_PER_MINUTE || moneyPerMinute > MAX_PER_MINUTE || requestsPerSecond > MAX_PER_SECOND
                || requestBurst > MAX_PER_MINUTE) {
            throw new ConfigException("rate limits must be at least 1 and at most " + MAX_PER_MINUTE + " a minute ("
                    + MAX_PER_SECOND + " HTTP requests a second)");
        }
        if (moneyPerMinute > toolsPerMinute) {
            // every money-moving call is also a tool call, so the tools limit would bind first
            throw new ConfigException("BANK_RATE_MONEY_PER_MINUTE (" + moneyPerMinute + ") must not be above BANK_RATE_TOOLS_PER_MINUTE ("
                    + toolsPerMinute + ")");
        }
    }

    public static RateLimitConfig from(Settings settings) {
        return new RateLimitConfig(
                settings.integer("BANK_RATE_TOOLS_PER_MINUTE", DEFAULT_TOOLS_PER_MINUTE, 1, MAX_PER_MINUTE),
                settings.integer("BANK_RATE_MONEY_PER_MINUTE", DEFAULT_MONEY_PER_MINUTE, 1, MAX_PER_MINUTE),
                settings.integer("BANK_RATE_HTTP_PER_SECOND", DEFAULT_REQUESTS_PER_SECOND, 1, MAX_PER_SECOND),
                settings.integer("BANK_RATE_HTTP_BURST", DEFAULT_REQUEST_BURST, 1, MAX_PER_MINUTE));
    }

    /** The highest limits there are: for load tests, which drive one principal far faster than any customer would. */
    public static RateLimitConfig highest() {
        return new RateLimitConfig(MAX_PER_MINUTE, MAX_PER_MINUTE, MAX_PER_SECOND, MAX_PER_MINUTE);
    }
}
