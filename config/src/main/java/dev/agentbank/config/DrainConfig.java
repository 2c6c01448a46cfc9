package dev.agentbank.config;

import java.time.Duration;

/**
 * How an HTTP MCP instance stops on SIGTERM.
 *
 * @param grace BANK_MCP_DRAIN_GRACE, seconds (0-60, default 2): /readyz already says "draining" but calls are still
 *              taken, so a load balancer polling /readyz stops sending before new calls are refused
 * @param limit BANK_MCP_DRAIN_TIMEOUT, seconds (1-300, default 10): how long calls under way may take to finish
 *              before the servers close anyway
 */
public record DrainConfig(Duration grace, Duration limit) {
    public DrainConfig {
        if (grace.isNegative()) {
            throw new ConfigException("BANK_MCP_DRAIN_GRACE cannot be negative");
        }
        if (limit.isNegative() || limit.isZero()) {
            throw new ConfigException("BANK_MCP_DRAIN_TIMEOUT must be at least 1 second");
        }
    }

    public static DrainConfig from(Settings settings) {
        return new DrainConfig(Duration.ofSeconds(settings.integer("BANK_MCP_DRAIN_GRACE", 2, 0, 60)),
                Duration.ofSeconds(settings.integer("BANK_MCP_DRAIN_TIMEOUT", 10, 1, 300)));
    }
}
