package dev.agentbank.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.audit.AuditChain.Verification.Broken;
import dev.agentbank.audit.AuditChain.Verification.Intact;
import dev.agentbank.audit.AuditChain.Verification;
import dev.agentbank.shared.audit.CanonicalJson;
import dev.agentbank.testing.TestBank;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    /**
     * A bank with {@code 1 + 2 * accounts + transfers} audited events: a customer, opened and funded accounts, transfers.
     * Event ids need not follow the order of events, so tests pick events by their position in the chain.
     */
    private static TestBank bankWithHistory(int accounts, int transfers) {
        TestBank bank = TestBank.create();
        long customer = bank.customer();
        AccountNumber[] numbers = new AccountNumber[accounts];
        for (int i = 0; i < accounts; i++) {
            numbers[i] = bank.checking(customer, "100.00");
        }
        for (int i = 0; i < transfers; i++) {
            bank.transfer(numbers[i % accounts], numbers[(i + 1) % accounts], "1.00");
        }
        return bank;
    }

    /** Runs statements as superuser with triggers (and so the append-only rules) switched off. */
    private static void tamper(TestBank bank, String... sql) throws SQLException {
        try (Connection connection = bank.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    private static long eventAt(TestBank bank, long position) {
        return bank.queryLong("SELECT event_id FROM audit_seal WHERE position = " + position);
    }

    @Test
    void verifiesIntactAfterOperationsCountingEveryEvent() {
        try (TestBank bank = bankWithHistory(2, 3)) {
            Verification verification = bank.runtime().auditChain().verify();

            assertThat(verification).isEqualTo(new Intact(1 + 2 * 2 + 3, 0));
            assertThat(bank.queryLong("SELECT count(*) FROM audit_event")).isEqualTo(8);
            assertThat(bank.queryLong("SELECT count(*) FROM audit_pending")).isZero();
            assertThat(bank.runtime().invariants().violations()).isEmpty();
        }
    }

    @Test
    void anEventDeletedBeforeItWasChainedIsCaught() throws SQLException {
        try (TestBank bank = bankWithHistory(1, 0)) {
            long unsealed = bank.queryLong("SELECT min(event_id) FROM audit_pending");
            tamper(bank, "DELETE FROM audit_event WHERE id = " + unsealed);

            Verification verification = bank.runtime().auditChain().verify();

            assertThat(verification).isInstanceOf(Broken.class);
            assertThat(((Broken) verification).eventId()).isEqualTo(unsealed);
            assertThat(((Broken) verification).problem()).contains("deleted before it was chained");
        }
    }

    @Test
    void sealsInBatchesAndKeepsVerifyingAsTheLogGrows() {
        try (TestBank bank = bankWithHistory(1, 0)) {
            assertThat(bank.runtime().auditChain().sealPending()).isEqualTo(3);
            assertThat(bank.runtime().auditChain().sealPending()).isZero();
            AccountNumber account = bank.checking("5.00");
            bank.deposit(account, "1.00");

            assertThat(bank.queryLong("SELECT count(*) FROM audit_pending")).isEqualTo(4);
            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Intact(7, 0));
            // each link names the hash before it
            assertThat(bank.queryLong("SELECT count(*) FROM audit_seal s JOIN audit_seal p ON p.position = s.position - 1 "
                    + "WHERE s.previous_hash <> p.hash")).isZero();
            assertThat(bank.queryLong("SELECT count(*) FROM audit_seal WHERE position = 1 AND previous_hash = '"
                    + "0".repeat(64) + "'")).isEqualTo(1);
        }
    }

    @Test
    void anAlteredEventBreaksTheChainAtItsPosition() throws SQLException {
        try (TestBank bank = bankWithHistory(2, 3)) {
            assertThat(bank.runtime().auditChain().verify()).isInstanceOf(Intact.class);
            long event = eventAt(bank, 5);

            tamper(bank, "UPDATE audit_event SET details = details || ' ' WHERE id = " + event);

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(5, event, "its event was altered"));
            assertThat(bank.runtime().invariants().violations()).anyMatch(v -> v.contains("audit chain") && v.contains("link 5"));
        }
    }

    @Test
    void anAlteredAmountInAPostingsEventIsCaught() throws SQLException {
        try (TestBank bank = bankWithHistory(2, 3)) {
            bank.runtime().auditChain().sealPending();
            long position = bank.queryLong("SELECT min(s.position) FROM audit_seal s JOIN audit_event e ON e.id = s.event_id "
                    + "WHERE e.action = 'transfer'");
            long event = eventAt(bank, position);

            tamper(bank, "UPDATE audit_event SET details = replace(details, '1.00', '9.00') WHERE id = " + event);

            assertThat(bank.queryLong("SELECT count(*) FROM audit_event WHERE details LIKE '%9.00%'")).isEqualTo(1);
            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(position, event, "its event was altered"));
        }
    }

    @Test
    void anAlteredTimestampOrActorIsCaughtToo() throws SQLException {
        try (TestBank bank = bankWithHistory(1, 0)) {
            bank.runtime().auditChain().sealPending();
            long first = eventAt(bank, 1);

            tamper(bank, "UPDATE audit_event SET occurred_at = occurred_at + interval '1 microsecond' WHERE id = " + first);

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(1, first, "its event was altered"));
        }
    }

    @Test
    void aDeletedSealBreaksTheChainAtTheMissingLink() throws SQLException {
        try (TestBank bank = bankWithHistory(2, 3)) {
            bank.runtime().auditChain().sealPending();
            long after = eventAt(bank, 6);

            tamper(bank, "DELETE FROM audit_seal WHERE position = 5");

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(5, after, "link 5 is missing"));
        }
    }

    @Test
    void aDeletedLastSealLeavesAnEventOutsideTheLog() throws SQLException {
        try (TestBank bank = bankWithHistory(2, 3)) {
            bank.runtime().auditChain().sealPending();
            long last = eventAt(bank, 8);

            tamper(bank, "DELETE FROM audit_seal WHERE position = 8");

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(8, last, "an event was inserted outside the log"));
        }
    }

    @Test
    void aDeletedEventIsCaught() throws SQLException {
        try (TestBank bank = bankWithHistory(2, 3)) {
            bank.runtime().auditChain().sealPending();
            long event = eventAt(bank, 3);

            tamper(bank, "DELETE FROM audit_event WHERE id = " + event);

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(3, event, "its event was deleted"));
        }
    }

    @Test
    void anEventInsertedBehindTheLogsBackIsCaught() throws SQLException {
        try (TestBank bank = bankWithHistory(1, 0)) {
            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Intact(3, 0));

            try (Connection connection = bank.connect(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO audit_event (occurred_at, actor, action, subject, details, outcome) "
                        + "VALUES (now(), 'teller:ghost', 'deposit', 'transaction:1', '{}', 'posted')");
            }
            long ghost = bank.queryLong("SELECT id FROM audit_event WHERE actor = 'teller:ghost'");

            assertThat(bank.runtime().auditChain().verify()).isEqualTo(new Broken(4, ghost, "an event was inserted outside the log"));
        }
    }

    @Test
    void canonicalJsonSortsKeysAndEscapes() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("b", new java.math.BigDecimal("1.50"));
        details.put("a", "quote \" backslash \\ newline \n bell \u0007");
        details.put("c", List.of(1, 2L, true));
        details.put("d", null);

        assertThat(CanonicalJson.write(details))
                .isEqualTo("{\"a\":\"quote \\\" backslash \\\\ newline \\n bell \\u0007\",\"b\":1.50,\"c\":[1,2,true],\"d\":null}");
    }
}
