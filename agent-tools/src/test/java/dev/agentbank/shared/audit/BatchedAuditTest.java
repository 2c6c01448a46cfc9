package dev.agentbank.shared.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.audit.AuditChain;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.testing.SharedBankTest;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records of calls that changed nothing: written together, soon, in one transaction, and never lost to a short outage. */
class BatchedAuditTest extends SharedBankTest {
    private static final Actor READER = Actor.of("customer", "batched-reader");

    private long rowsOf(String subject) {
        return bank.queryLong("SELECT count(*) FROM audit_event WHERE subject = '" + subject + "'");
    }

    @Test
    void queuedRecordsReachTheLogWithinTheWindowInOneTransactionAndChain() throws InterruptedException {
        String subject = "tool:batch-" + UUID.randomUUID();
        try (BatchedAudit batch = new BatchedAudit(new Jdbc(bank.dataSource()), new AuditLog(Clock.systemUTC()))) {
            for (int i = 0; i < 5; i++) {
                batch.record(READER, "tool_call", subject, Map.of("n", i), "ok");
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (rowsOf(subject) < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rowsOf(subject)).as("written without being asked to flush").isEqualTo(5);
        }
        assertThat(bank.queryLong("SELECT count(DISTINCT xmin::text) FROM audit_event WHERE subject = '" + subject + "'"))
                .as("transactions").isEqualTo(1);
        AuditChain chain = new AuditChain(bank.dataSource());
        chain.sealPending();
        assertThat(chain.verify()).isInstanceOf(AuditChain.Verification.Intact.class);
    }

    @Test
    void recordsTheDatabaseRefusedStayQueuedAndAreWrittenOnceItTakesThem() {
        String subject = "tool:refused-" + UUID.randomUUID();
        BatchedAudit batch = new BatchedAudit(new Jdbc(bank.dataSource()), new AuditLog(Clock.systemUTC()));
        bank.update("""
                CREATE FUNCTION refuse_batch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'database away'; END $$;
                CREATE TRIGGER refuse_batch BEFORE INSERT ON audit_event FOR EACH ROW
                WHEN (NEW.subject = '%s') EXECUTE FUNCTION refuse_batch()""".formatted(subject));
        try {
            batch.record(READER, "tool_call", subject, Map.of(), "ok");
            batch.record(READER, "tool_call", subject, Map.of(), "refused");
            assertThat(batch.flush()).isFalse();
            assertThat(rowsOf(subject)).isZero();
        } finally {
            bank.update("DROP TRIGGER refuse_batch ON audit_event; DROP FUNCTION refuse_batch()");
        }
        batch.close();
        assertThat(rowsOf(subject)).as("written by close, nothing lost").isEqualTo(2);
    }
}
