package dev.agentbank.shared.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentbank.testing.TestBank;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseTargetTest {

    @Test
    void withDatabaseKeepsServerPortAndOptionsAndSwapsTheDatabase() {
        Database.Target target = new Database.Target("jdbc:postgresql://db.example:6543/bank?sslmode=require", "alice", "hunter2");

        Database.Target other = target.withDatabase("agentbank_t_1");

        assertThat(other.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/agentbank_t_1?sslmode=require");
        assertThat(other.user()).isEqualTo("alice");
        assertThat(other.password()).isEqualTo("hunter2");
        assertThat(new Database.Target("jdbc:postgresql://127.0.0.1/postgres", "postgres", "").withDatabase("x").jdbcUrl())
                .isEqualTo("jdbc:postgresql://127.0.0.1/x");
    }

    @Test
    void toStringLeavesThePasswordOut() {
        assertThat(new Database.Target("jdbc:postgresql://db.example:6543/bank", "alice", "hunter2").toString())
                .isEqualTo("alice@jdbc:postgresql://db.example:6543/bank").doesNotContain("hunter2");
    }

    @Test
    void theEmbeddedServerIsFoundAndReusedRatherThanStartedTwice() {
        assumeTrue(System.getenv("BANK_TEST_DATABASE_URL") == null, "only when tests run on embedded PostgreSQL");
        Path dataDirectory = Path.of("target/test-postgres").toAbsolutePath();
        try (TestBank bank = TestBank.create()) {
            int running = EmbeddedPostgresServer.portIfRunning(dataDirectory).orElseThrow();

            EmbeddedPostgresServer again = EmbeddedPostgresServer.startOrReuse(dataDirectory);

            assertThat(again.port()).isEqualTo(running);
            assertThat(again.jdbcUrl("bank")).isEqualTo("jdbc:postgresql://127.0.0.1:" + running + "/bank");
            assertThat(bank.queryLong("SELECT 1")).isEqualTo(1);
        }
    }
}
