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
        bank = TestBank.create();
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
