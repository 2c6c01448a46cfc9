package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainConfigTest {
    @Test
    void defaultsToTwoSecondsOfGraceAndTenToFinish() {
        DrainConfig config = DrainConfig.from(Settings.of(Map.of()));
        assertThat(config.grace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.limit()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void takesBothInSecondsAndNamesTheSettingItRefuses() {
        assertThat(DrainConfig.from(Settings.of(Map.of("BANK_MCP_DRAIN_GRACE", "0", "BANK_MCP_DRAIN_TIMEOUT", "30"))))
                .isEqualTo(new DrainConfig(Duration.ZERO, Duration.ofSeconds(30)));
        assertThatThrownBy(() -> DrainConfig.from(Settings.of(Map.of("BANK_MCP_DRAIN_TIMEOUT", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_MCP_DRAIN_TIMEOUT");
        assertThatThrownBy(() -> DrainConfig.from(Settings.of(Map.of("BANK_MCP_DRAIN_GRACE", "2s"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_MCP_DRAIN_GRACE");
    }
}
