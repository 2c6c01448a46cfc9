package dev.agentbank.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TestBankTest {

    @Test
    void eachCreateGetsItsOwnFreshDatabaseThatCloseDrops() throws SQLException {
        String first;
        try (TestBank one = TestBank.create(); TestBank two = TestBank.create()) {
            first = one.databaseName();
            assertThat(one.databaseName()).startsWith("agentbank_t_").isNotEqualTo(two.databaseName());
            one.checking("10.00");
            assertThat(one.snapshot().journalEntries()).isEqualTo(1);
            assertThat(two.snapshot().journalEntries()).isZero();
            assertThat(databaseExists(first)).isTrue();
        }
        assertThat(databaseExists(first)).isFalse();
    }

    @Test
    void fixturesOpenFundedAccountsAndSnapshotsSeeEveryTable() {
        try (TestBank bank = TestBank.create()) {
            TestBank.Snapshot empty = bank.snapshot();
            long customer = bank.customer();
            AccountNumber account = bank.checking(customer, "250.00");
            AccountNumber other = bank.account(customer).currency("USD").overdraft("50.00").open();

            assertThat(bank.balance(account)).hasToString("250.00 EUR");
            assertThat(bank.balance(other)).hasToString("0.00 USD");
            assertThat(bank.runtime().accounts().find(other).orElseThrow().overdraftLimit()).hasToString("50.00 USD");
            TestBank.Snapshot after = bank.snapshot();
            assertThat(after).isNotEqualTo(empty);
            assertThat(after.customers()).isEqualTo(1);
            assertThat(after.accounts()).isEqualTo(6); // two customer accounts, a settlement and a clearing account per currency
            assertThat(after.journalEntries()).isEqualTo(1);
            assertThat(after.postings()).isEqualTo(2);
            assertThat(after.auditEvents()).isEqualTo(4); // register, open, open, deposit
            assertThat(after.balanceSumMinor()).isEqualTo(25_000);
            assertThat(after.accountSeqSum()).isEqualTo(1);
        }
    }

    private static boolean databaseExists(String name) throws SQLException {
        try (Connection admin = TestBank.connectToAdminDatabase();
             PreparedStatement query = admin.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }
}
