package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderConfigTest {
    private static final String HOME = Path.of("target", "config-test-home").toAbsolutePath().toString();

    private static ProviderConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("BANK_HOME", HOME);
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return BankConfig.from(Settings.of(values)).provider();
    }

    @Test
    void defaultsToTheEmbeddedSandboxWithSaneTimeouts() {
        ProviderConfig config = config();

        assertThat(config.embedded()).isTrue();
        assertThat(config.token().isEmpty()).isTrue();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(ProviderConfig.DEFAULT_CONNECT_TIMEOUT_MS));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(ProviderConfig.DEFAULT_READ_TIMEOUT_MS));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(ProviderConfig.DEFAULT_CALL_TIMEOUT_MS));
        assertThat(config.maxRetries()).isEqualTo(ProviderConfig.DEFAULT_MAX_RETRIES);
        assertThat(config.reconcileInterval()).isEqualTo(Duration.ofMillis(ProviderConfig.DEFAULT_RECONCILE_INTERVAL_MS));
    }

    @Test
    void acceptsAnExternalProviderWithItsToken() {
        ProviderConfig config = config("BANK_PROVIDER_URL", " https://core.example/bank/ ", "BANK_PROVIDER_TOKEN", "s3cr3t-token",
                "BANK_PROVIDER_CONNECT_TIMEOUT_MS", "500", "BANK_PROVIDER_READ_TIMEOUT_MS", "1500",
                "BANK_PROVIDER_CALL_TIMEOUT_MS", "4000", "BANK_PROVIDER_MAX_RETRIES", "0");

        assertThat(config.embedded()).isFalse();
        assertThat(config.url()).contains(URI.create("https://core.example/bank/"));
        assertThat(config.token().value()).isEqualTo("s3cr3t-token");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.callTimeout()).isEqualTo(Duration.ofMillis(4000));
        assertThat(config.maxRetries()).isZero();
        assertThat(config.toString()).doesNotContain("s3cr3t-token").contains("token=****");
    }

    @Test
    void requiresATokenForAnExternalProvider() {
        assertThatThrownBy(() -> config("BANK_PROVIDER_URL", "https://core.example"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BANK_PROVIDER_TOKEN must be set when BANK_PROVIDER_URL is set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://core.example/", "core.example", "file:///etc/passwd", "https:///nohost?token=hunter2",
            "https://core.example/?token=hunter2", "https://core example/hunter2", "https://core.example/#hunter2"})
    void rejectsABadUrlWithoutEchoingIt(String url) {
        assertThatThrownBy(() -> config("BANK_PROVIDER_URL", url, "BANK_PROVIDER_TOKEN", "token-123456"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_PROVIDER_URL must")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("core").doesNotContain("\n"));
    }

    @Test
    void rejectsCredentialsInTheUrl() {
        assertThatThrownBy(() -> config("BANK_PROVIDER_URL", "https://alice:hunter2@core.example/", "BANK_PROVIDER_TOKEN", "token-123456"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BANK_PROVIDER_URL must not carry credentials; set BANK_PROVIDER_TOKEN instead");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "has spaces inside", "tab\tinside1"})
    void rejectsATokenThatCannotBeAHeaderWithoutEchoingIt(String token) {
        assertThatThrownBy(() -> config("BANK_PROVIDER_URL", "https://core.example", "BANK_PROVIDER_TOKEN", token))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BANK_PROVIDER_TOKEN must be 8 to 4096 printable ASCII characters without spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BANK_PROVIDER_CONNECT_TIMEOUT_MS", "BANK_PROVIDER_READ_TIMEOUT_MS", "BANK_PROVIDER_CALL_TIMEOUT_MS",
            "BANK_PROVIDER_MAX_RETRIES", "BANK_PROVIDER_RECONCILE_INTERVAL_MS"})
    void rejectsBadNumbersNamingTheVariable(String variable) {
        for (String bad : new String[] {"abc", "-1", "99999999999", "1.5"}) {
            assertThatThrownBy(() -> config(variable, bad))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + " must be a whole number from");
        }
    }

    @Test
    void theCallTimeoutCoversTheOthers() {
        assertThatThrownBy(() -> config("BANK_PROVIDER_READ_TIMEOUT_MS", "5000", "BANK_PROVIDER_CALL_TIMEOUT_MS", "1000"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_PROVIDER_CALL_TIMEOUT_MS must be at least");
    }
}
