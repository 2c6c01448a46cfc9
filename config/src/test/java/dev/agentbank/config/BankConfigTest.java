package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BankConfigTest {
    private static final String HOME = Path.of("target", "config-test-home").toAbsolutePath().toString();

    private static BankConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("BANK_HOME", HOME);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return BankConfig.from(Settings.of(values));
    }

    @Test
    void defaultsToEmbeddedPostgresUnderBankHome() {
        BankConfig config = config();

        assertThat(config.home()).isEqualTo(Path.of(HOME));
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().url()).isEmpty();
        assertThat(config.database().user()).isEqualTo("postgres");
        assertThat(config.database().password().isEmpty()).isTrue();
        assertThat(config.database().poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
        assertThat(config.database().embeddedDataDirectory()).isEqualTo(Path.of(HOME, "postgres"));
        assertThat(config.ledger().maxAmount()).isEqualByComparingTo(LedgerConfig.DEFAULT_MAX_AMOUNT);
    }

    @Test
    void bankHomeIsRequired() {
        assertThatThrownBy(() -> BankConfig.from(Settings.of(Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_HOME");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-3", "501", "1.5", "99999999999"})
    void rejectsABadPoolSizeNamingTheVariable(String value) {
        assertThatThrownBy(() -> config("BANK_DATABASE_POOL_SIZE", value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_DATABASE_POOL_SIZE must be a whole number from 1 to 500")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void acceptsAPoolSizeInRange() {
        assertThat(config("BANK_DATABASE_POOL_SIZE", "1").database().poolSize()).isEqualTo(1);
        assertThat(config("BANK_DATABASE_POOL_SIZE", "500").database().poolSize()).isEqualTo(500);
    }

    @Test
    void theRecordItselfRefusesAPoolBelowOne() {
        assertThatThrownBy(() -> new DatabaseConfig(Optional.empty(), "postgres", new Secret(""), 0, Path.of(HOME)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_DATABASE_POOL_SIZE");
    }

    @Test
    void acceptsAPostgresUrlWithUserAndPassword() {
        BankConfig config = config("BANK_DATABASE_URL", " jdbc:postgresql://db.example:5432/bank ",
                "BANK_DATABASE_USER", "bank", "BANK_DATABASE_PASSWORD", "hunter2");

        assertThat(config.database().embedded()).isFalse();
        assertThat(config.database().url()).contains("jdbc:postgresql://db.example:5432/bank");
        assertThat(config.database().user()).isEqualTo("bank");
        assertThat(config.database().password().value()).isEqualTo("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "postgresql://db.example/bank?password=hunter2",
            "jdbc:mysql://db.example/bank?password=hunter2",
            "jdbc:postgresql:///bank?password=hunter2",
            "jdbc:postgresql://db.example:5432/?password=hunter2",
            "jdbc:postgresql://db.example:5432?password=hunter2",
            "jdbc:postgresql://db example:5432/bank?password=hunter2",
            "jdbc:postgresql://db.example:5432/bank?password=hunter2 x",
            "jdbc:postgresql://db.example:port/bank?password=hunter2"})
    void rejectsABadUrlWithoutEchoingIt(String url) {
        assertThatThrownBy(() -> config("BANK_DATABASE_URL", url))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_DATABASE_URL must look like jdbc:postgresql://host:5432/database")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("db.example"));
    }

    /**
     * A libpq-style URL with credentials in the authority is not one the PostgreSQL JDBC driver understands (it reads
     * "alice:hunter2@db.example" as a host name). Either it is refused without echoing it, or it is accepted and then
     * never printed with its password.
     */
    @Test
    void neverEchoesAPasswordWrittenIntoTheUrlAuthority() {
        String url = "jdbc:postgresql://alice:hunter2@db.example:5432/bank";
        BankConfig config;
        try {
            config = config("BANK_DATABASE_URL", url);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).contains("BANK_DATABASE_URL").doesNotContain("hunter2");
            return;
        }
        assertThat(config.database().toString()).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void toStringNeverShowsThePassword() {
        BankConfig config = config("BANK_DATABASE_URL", "jdbc:postgresql://db.example:5432/bank?sslmode=require&password=qu3ry",
                "BANK_DATABASE_PASSWORD", "hunter2");

        assertThat(config.database().toString())
                .doesNotContain("hunter2").doesNotContain("qu3ry")
                .contains("jdbc:postgresql://db.example:5432/bank").contains("password=****");
        assertThat(config.toString()).doesNotContain("hunter2").doesNotContain("qu3ry");
        assertThat(config("BANK_DATABASE_PASSWORD", "hunter2").toString()).doesNotContain("hunter2").contains("embedded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "0.00", "NaN", "1e"})
    void rejectsABadMaximumAmountNamingTheVariable(String value) {
        assertThatThrownBy(() -> config("BANK_MAX_AMOUNT", value))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_MAX_AMOUNT must be a positive decimal number");
    }

    @Test
    void acceptsAMaximumAmount() {
        assertThat(config("BANK_MAX_AMOUNT", "2500.50").ledger().maxAmount()).isEqualByComparingTo("2500.50");
        assertThatThrownBy(() -> new LedgerConfig(null)).isInstanceOf(ConfigException.class).hasMessageContaining("BANK_MAX_AMOUNT");
    }
}
