package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlmConfigTest {

    private static LlmConfig config(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return LlmConfig.from(Settings.of(values));
    }

    @Test
    void defaultsToOpenAiWithAKey() {
        LlmConfig config = config("BANK_LLM_API_KEY", "sk-test");

        assertThat(config.baseUrlText()).isEqualTo("https://api.openai.com/v1");
        assertThat(config.model()).isEqualTo("gpt-4o-mini");
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxRetries()).isEqualTo(2);
        assertThat(config.apiKey().value()).isEqualTo("sk-test");
    }

    @Test
    void aMissingKeyForTheDefaultEndpointSaysWhatToSetAndMentionsLocalServers() {
        assertThatThrownBy(() -> config())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_LLM_API_KEY must be set")
                .hasMessageContaining("BANK_LLM_BASE_URL")
                .hasMessageContaining("Ollama").hasMessageContaining("vLLM").hasMessageContaining("LM Studio")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aLocalServerNeedsNoKey() {
        LlmConfig config = config("BANK_LLM_BASE_URL", "http://localhost:11434/v1/", "BANK_LLM_MODEL", "llama3.1:8b");

        assertThat(config.baseUrlText()).isEqualTo("http://localhost:11434/v1");
        assertThat(config.apiKey().isEmpty()).isTrue();
        assertThat(config.model()).isEqualTo("llama3.1:8b");
    }

    @Test
    void readsTimeoutAndRetries() {
        LlmConfig config = config("BANK_LLM_BASE_URL", "http://127.0.0.1:8000/v1",
                "BANK_LLM_TIMEOUT_SECONDS", "5", "BANK_LLM_MAX_RETRIES", "0");

        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxRetries()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/v1", "localhost:11434", "not a url", "file:///etc/passwd", "http://"})
    void rejectsABaseUrlThatIsNotHttp(String url) {
        assertThatThrownBy(() -> config("BANK_LLM_BASE_URL", url))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_LLM_BASE_URL must be");
    }

    @Test
    void rejectsCredentialsInTheBaseUrlWithoutEchoingThem() {
        assertThatThrownBy(() -> config("BANK_LLM_BASE_URL", "https://user:hunter2@llm.example.com/v1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must not carry credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "abc", "3601"})
    void rejectsABadTimeoutNamingTheVariable(String value) {
        assertThatThrownBy(() -> config("BANK_LLM_BASE_URL", "http://localhost:11434/v1", "BANK_LLM_TIMEOUT_SECONDS", value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_LLM_TIMEOUT_SECONDS must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "11", "two"})
    void rejectsBadRetries(String value) {
        assertThatThrownBy(() -> config("BANK_LLM_BASE_URL", "http://localhost:11434/v1", "BANK_LLM_MAX_RETRIES", value))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_LLM_MAX_RETRIES must be");
    }

    @Test
    void rejectsAModelNameWithSpaces() {
        assertThatThrownBy(() -> config("BANK_LLM_BASE_URL", "http://localhost:11434/v1", "BANK_LLM_MODEL", "gpt 4"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("BANK_LLM_MODEL must be");
    }

    @Test
    void neverPrintsTheKey() {
        assertThat(config("BANK_LLM_API_KEY", "sk-secret-value").toString()).doesNotContain("sk-secret-value");
    }
}
