package dev.agentbank.config;

import java.math.BigDecimal;

/** Ledger rules that operators tune. */
public record LedgerConfig(BigDecimal maxAmount) {
    public static final BigDecimal DEFAULT_MAX_AMOUNT = new BigDecimal("1000000.00");

    /** Keeps every amount, in minor units of any currency, far inside a 64-bit column. */
    public static final BigDecimal UPPER_BOUND = new BigDecimal("1000000000000");

    public LedgerConfig {
        if (maxAmount == null || maxAmount.signum() <= 0 || maxAmount.compareTo(UPPER_BOUND) > 0) {
            throw new ConfigException("BANK_MAX_AMOUNT must be a positive decimal number no larger than " + UPPER_BOUND.toPlainString());
        }
    }

    static LedgerConfig from(Settings settings) {
        return new LedgerConfig(settings.positiveDecimal("BANK_MAX_AMOUNT", DEFAULT_MAX_AMOUNT));
    }
}
