package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalAndMcpConfigTest {

    private static Settings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void approvalDefaultsAreAHundredTenThousandAndFiveThousandWithFifteenMinutes() {
        ApprovalConfig config = ApprovalConfig.from(settings());

        assertThat(config.threshold()).isEqualByComparingTo("100.00");
        assertThat(config.perTransactionMax()).isEqualByComparingTo("10000.00");
        assertThat(config.dailyOutflowLimit()).isEqualByComparingTo("5000.00");
        assertThat(config.pendingLifetime()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void approvalSettingsAreRead() {
        ApprovalConfig config = ApprovalConfig.from(settings("BANK_APPROVAL_THRESHOLD", "50", "BANK_MAX_PER_TRANSACTION", "700.5",
                "BANK_DAILY_OUTFLOW_LIMIT", "900", "BANK_APPROVAL_TTL_MINUTES", "5"));

        assertThat(config.threshold()).isEqualByComparingTo(new BigDecimal("50"));
        assertThat(config.perTransactionMax()).isEqualByComparingTo(new BigDecimal("700.5"));
        assertThat(config.dailyOutflowLimit()).isEqualByComparingTo(new BigDecimal("900"));
        assertThat(config.pendingLifetime()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void rejectsAThresholdAboveThePerTransactionMaximumNamingBothVariables() {
        assertThatThrownBy(() -> ApprovalConfig.from(settings("BANK_APPROVAL_THRESHOLD", "500", "BANK_MAX_PER_TRANSACTION", "100")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BANK_APPROVAL_THRESHOLD").hasMessageContaining("BANK_MAX_PER_TRANSACTION");
    }

    @Test
    void rejectsNonPositiveOrNonNumericLimitsNamingTheVariable() {
        assertThatThrownBy(() -> ApprovalConfig.from(settings("BANK_DAILY_OUTFLOW_LIMIT", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_DAILY_OUTFLOW_LIMIT");
        assertThatThrownBy(() -> ApprovalConfig.from(settings("BANK_APPROVAL_THRESHOLD", "lots")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_APPROVAL_THRESHOLD");
        assertThatThrownBy(() -> ApprovalConfig.from(settings("BANK_APPROVAL_TTL_MINUTES", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_APPROVAL_TTL_MINUTES");
    }

    @Test
    void mcpDefaultsToLoopbackPort8080WithDemoDataAndNoToken() {
        McpConfig config = McpConfig.from(settings());

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.loopback()).isTrue();
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.token()).isEmpty();
        assertThat(config.demoData()).isTrue();
    }

    @Test
    void mcpReadsOriginsTokenAndDemoSwitch() {
        McpConfig config = McpConfig.from(settings("BANK_MCP_HOST", "0.0.0.0", "BANK_MCP_PORT", "9090",
                "BANK_MCP_ALLOWED_ORIGINS", "https://App.example.com, http://localhost:5173", "BANK_TOKEN", "abk_x", "BANK_DEMO", "false"));

        assertThat(config.loopback()).isFalse();
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.allowedOrigins()).isEqualTo(List.of("https://app.example.com", "http://localhost:5173"));
        assertThat(config.token()).map(Secret::value).contains("abk_x");
        assertThat(config.token().get().toString()).doesNotContain("abk_x");
        assertThat(config.demoData()).isFalse();
    }

    @Test
    void mcpRejectsBadOriginsPortsAndHosts() {
        assertThatThrownBy(() -> McpConfig.from(settings("BANK_MCP_ALLOWED_ORIGINS", "javascript:alert(1)")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_MCP_ALLOWED_ORIGINS");
        assertThatThrownBy(() -> McpConfig.from(settings("BANK_MCP_PORT", "70000")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_MCP_PORT");
        assertThatThrownBy(() -> McpConfig.from(settings("BANK_MCP_HOST", "evil host")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("BANK_MCP_HOST");
    }
}
