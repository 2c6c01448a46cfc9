package dev.agentbank.config;

import java.nio.file.Path;

/** All settings, validated once at start-up. Each module takes only its slice. */
public record BankConfig(Path home, DatabaseConfig database, LedgerConfig ledger, ProviderConfig provider,
                         ApprovalConfig approvals, FraudConfig fraud, RateLimitConfig rateLimits) {

    public static BankConfig fromEnvironment() {
        return from(Settings.fromEnvironment(System.getenv()));
    }

    public static BankConfig from(Settings settings) {
        Path home = settings.path("BANK_HOME");
        return new BankConfig(home, DatabaseConfig.from(settings, home), LedgerConfig.from(settings), ProviderConfig.from(settings),
                ApprovalConfig.from(settings), FraudConfig.from(settings), RateLimitConfig.from(settings));
    }

    /** The same settings with other rate limits. */
    public BankConfig withRateLimits(RateLimitConfig limits) {
        return new BankConfig(home, database, ledger, provider, approvals, fraud, limits);
    }
}
