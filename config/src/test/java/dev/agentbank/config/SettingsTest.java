package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @Test
    void blankValuesCountAsUnsetAndValuesAreTrimmed() {
        Settings settings = Settings.of(Map.of("A", "  ", "B", " value "));
        assertThat(settings.optional("A")).isEmpty();
        assertThat(settings.optional("MISSING")).isEmpty();
        assertThat(settings.optional("B")).contains("value");
        assertThat(settings.string("A", "fallback")).isEqualTo("fallback");
        assertThat(settings.secret("A").isEmpty()).isTrue();
    }

    @Test
    void integersAreRangeChecked() {
        Settings settings = Settings.of(Map.of("N", " 42 "));
        assertThat(settings.integer("N", 1, 1, 100)).isEqualTo(42);
        assertThat(settings.integer("UNSET", 7, 1, 100)).isEqualTo(7);
        assertThatThrownBy(() -> settings.integer("N", 1, 1, 10))
                .isInstanceOf(ConfigException.class).hasMessage("N must be a whole number from 1 to 10, got '42'");
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        Settings settings = Settings.of(Map.of("Y", "Yes", "N", "off", "BAD", "maybe"));
        assertThat(settings.bool("Y", false)).isTrue();
        assertThat(settings.bool("N", true)).isFalse();
        assertThat(settings.bool("UNSET", true)).isTrue();
        assertThatThrownBy(() -> settings.bool("BAD", true))
                .isInstanceOf(ConfigException.class).hasMessage("BAD must be true or false, got 'maybe'");
    }

    @Test
    void positiveDecimalsRejectZeroNegativesAndText() {
        assertThat(Settings.of(Map.of("M", "250.50")).positiveDecimal("M", BigDecimal.ONE)).isEqualByComparingTo("250.50");
        assertThat(Settings.of(Map.of()).positiveDecimal("M", BigDecimal.TEN)).isEqualByComparingTo("10");
        for (String bad : new String[] {"0", "-1", "abc", "NaN", "1,000"}) {
            assertThatThrownBy(() -> Settings.of(Map.of("M", bad)).positiveDecimal("M", BigDecimal.ONE))
                    .as(bad).isInstanceOf(ConfigException.class).hasMessageStartingWith("M must be a positive decimal number");
        }
    }

    @Test
    void pathsMustBeSet(@TempDir Path dir) {
        assertThat(Settings.of(Map.of("P", dir.toString())).path("P")).isEqualTo(dir.toAbsolutePath());
        assertThat(Settings.of(Map.of("P", "relative/dir")).path("P")).isAbsolute();
        assertThatThrownBy(() -> Settings.of(Map.of()).path("P"))
                .isInstanceOf(ConfigException.class).hasMessage("P must be set to a directory path");
    }

    @Test
    void readsThePropertiesFileUnderBankHomeAndTheEnvironmentWins(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("bank.properties"), """
                # operator settings
                BANK_DATABASE_POOL_SIZE=7
                BANK_MAX_AMOUNT=500.00
                BANK_DATABASE_USER=from_file
                """);
        Map<String, String> env = Map.of(
                "BANK_HOME", home.toString(),
                "BANK_MAX_AMOUNT", "900.00",
                "PATH", "/usr/bin",
                "BANK_DATABASE_PASSWORD", "s3cr3t");

        Settings settings = Settings.fromEnvironment(env);

        assertThat(settings.optional("BANK_DATABASE_POOL_SIZE")).contains("7");
        assertThat(settings.optional("BANK_MAX_AMOUNT")).contains("900.00");
        assertThat(settings.optional("BANK_DATABASE_USER")).contains("from_file");
        assertThat(settings.optional("PATH")).as("only BANK_ variables are read from the environment").isEmpty();
        assertThat(settings.path("BANK_HOME")).isEqualTo(home.toAbsolutePath());

        BankConfig config = BankConfig.from(settings);
        assertThat(config.database().poolSize()).isEqualTo(7);
        assertThat(config.database().user()).isEqualTo("from_file");
        assertThat(config.database().password().value()).isEqualTo("s3cr3t");
        assertThat(config.ledger().maxAmount()).isEqualByComparingTo("900.00");
        assertThat(config.home()).isEqualTo(home.toAbsolutePath());
    }

    @Test
    void aBadValueInThePropertiesFileIsReportedByName(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("bank.properties"), "BANK_DATABASE_POOL_SIZE=lots\n");

        assertThatThrownBy(() -> BankConfig.from(Settings.fromEnvironment(Map.of("BANK_HOME", home.toString()))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_DATABASE_POOL_SIZE");
    }

    @Test
    void anUnreadablePropertiesFileIsAConfigException(@TempDir Path home) throws IOException {
        Files.writeString(home.resolve("bank.properties"), "BANK_X=\\u12G4\n");

        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("BANK_HOME", home.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bank.properties").hasMessageContaining("could not be read");
    }

    @Test
    void noPropertiesFileIsFine(@TempDir Path home) {
        Settings settings = Settings.fromEnvironment(Map.of("BANK_HOME", home.toString()));
        assertThat(BankConfig.from(settings).database().poolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void bankHomeDefaultsToDotAgentbankInTheUserHome() {
        assertThat(Settings.homeFrom(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".agentbank"));
        assertThat(Settings.homeFrom(Map.of("BANK_HOME", "  "))).isEqualTo(Path.of(System.getProperty("user.home"), ".agentbank"));
    }
}
