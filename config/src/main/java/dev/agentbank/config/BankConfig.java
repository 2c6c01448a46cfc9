package dev.agentbank.config;

import java.nio.file.Path;

/** All settings, validated once at start-up. Each module takes only its slice. */
public record BankConfig(Path home, DatabaseConfig database, LedgerConfig ledger, ProviderConfig provider,
                         ApprovalConfig approvals, FraudConfig fraud) {

    public static BankConfig fromEnvironment() {
        return from(Settings.fromEnvironment(System.getenv()));
    }

    public static BankConfig from(Settings settings) {
        Path home = settings.path("BANK_HOME");
        return new BankConfig(home, DatabaseConfig.from(settings, home), LedgerConfig.from(settings), ProviderConfig.from(settings),
                ApprovalConfig.from(settings), FraudConfig.from(settings));
    }
}
