package dev.agentbank.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.testing.SharedBankTest;
import dev.agentbank.testing.TestBank;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** History is append-only in the database itself, whoever connects. */
class AppendOnlyTest extends SharedBankTest {
    private static AccountNumber account;

    @BeforeAll
    static void postAndSeal() {
        account = bank.checking("100.00");
        bank.withdraw(account, "1.00");
        bank.runtime().auditChain().sealPending();
    }

    private static void refused(String sql, String table) {
        TestBank.Snapshot before = bank.snapshot();
        long sealsBefore = bank.queryLong("SELECT count(*) FROM audit_seal");
        assertThatThrownBy(() -> {
            try (Connection connection = bank.connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }).as(sql).isInstanceOf(SQLException.class).hasMessageContaining(table + " is append-only");
        assertThat(bank.snapshot()).isEqualTo(before);
        assertThat(bank.queryLong("SELECT count(*) FROM audit_seal")).isEqualTo(sealsBefore);
    }

    @ParameterizedTest
    @CsvSource({
            "journal_entry, reference = 'edited'",
            "posting, amount_minor = amount_minor * 2",
            "audit_event, details = '{}'",
            "audit_seal, hash = 'x'"})
    void refusesUpdates(String table, String assignment) {
        refused("UPDATE " + table + " SET " + assignment, table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal_entry", "posting", "audit_event", "audit_seal"})
    void refusesDeletes(String table) {
        refused("DELETE FROM " + table, table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal_entry", "posting", "audit_event", "audit_seal"})
    void refusesTruncate(String table) {
        // CASCADE gets past the foreign keys, so only the append-only rule stands in the way
        refused("TRUNCATE " + table + " CASCADE", table);
    }

    @Test
    void accountRowsStayEditableForStatusChanges() {
        bank.freeze(account);
        assertThat(bank.runtime().accounts().find(account).orElseThrow().status().name()).isEqualTo("FROZEN");
        bank.update("UPDATE account SET status = 'OPEN' WHERE number = '" + account.value() + "'");
    }

    @Test
    void theDatabaseRefusesAnUnbalancedEntry() throws SQLException {
        long accountId = bank.queryLong("SELECT id FROM account WHERE number = '" + account.value() + "'");
        long entriesBefore = bank.queryLong("SELECT count(*) FROM journal_entry");
        try (Connection connection = bank.connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> {
                statement.execute("WITH entry AS (INSERT INTO journal_entry (kind, actor, idempotency_key, request_hash, posted_at) "
                        + "VALUES ('DEPOSIT', 'teller:sneaky', 'k', 'h', now()) RETURNING id) "
                        + "INSERT INTO posting (entry_id, account_id, kind, amount_minor, currency, posted_at) "
                        + "SELECT id, " + accountId + ", 'DEPOSIT', 100, 'EUR', now() FROM entry");
                connection.commit();
            }).isInstanceOf(SQLException.class).hasMessageContaining("does not balance");
            connection.rollback();
        }
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry")).isEqualTo(entriesBefore);
    }
}
