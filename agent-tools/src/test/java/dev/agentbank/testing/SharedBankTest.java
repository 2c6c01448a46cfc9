package dev.agentbank.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One fresh database per test class, on real PostgreSQL. After the class, the ledger invariants must still hold,
 * whatever the tests did.
 */
public abstract class SharedBankTest {
    protected static TestBank bank;

    @BeforeAll
    static void openSharedBank() {
        // Test classes fire hundreds of calls a second as one principal (the transport suites' fuzzing): the HTTP
        // flood limit is raised here, and RateLimitOverHttpTest checks the limits on a bank of its own.
        bank = TestBank.create(java.time.Clock.systemUTC(), java.util.Map.of("BANK_RATE_HTTP_PER_SECOND", "100000",
                "BANK_RATE_HTTP_BURST", "1000000"));
    }

    @AfterAll
    static void closeSharedBank() {
        try {
            assertThat(bank.runtime().invariants().violations()).as("ledger invariants after the class").isEmpty();
        } finally {
            bank.close();
        }
    }
}
