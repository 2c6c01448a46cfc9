package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitConfigTest {

    private static Settings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void defaultsAreSixThousandToolCallsAndSixHundredMoneyMovesAMinuteAndAHundredRequestsASecond() {
        RateLimitConfig limits = RateLimitConfig.from(settings());

        assertThat(limits).isEqualTo(new RateLimitConfig(6000, 600, 100, 200));
    }

    @Test
    void readsEachLimit() {
        RateLimitConfig limits = RateLimitConfig.from(settings("BANK_RATE_TOOLS_PER_MINUTE", "120", "BANK_RATE_MONEY_PER_MINUTE", "6",
                "BANK_RATE_HTTP_PER_SECOND", "5", "BANK_RATE_HTTP_BURST", "10"));

        assertThat(limits).isEqualTo(new RateLimitConfig(120, 6, 5, 10));
    }

    @Test
    void bankConfigCarriesTheLimits() {
        BankConfig config = BankConfig.from(settings("BANK_HOME", "/tmp/agentbank-rate-test", "BANK_RATE_MONEY_PER_MINUTE", "3"));

        assertThat(config.rateLimits().moneyPerMinute()).isEqualTo(3);
        assertThat(config.withRateLimits(RateLimitConfig.highest()).rateLimits()).isEqualTo(RateLimitConfig.highest());
        assertThat(config.withRateLimits(RateLimitConfig.highest()).database()).isEqualTo(config.database());
    }

    @ParameterizedTest
    @CsvSource({"BANK_RATE_TOOLS_PER_MINUTE,0", "BANK_RATE_MONEY_PER_MINUTE,-1", "BANK_RATE_HTTP_PER_SECOND,100001",
            "BANK_RATE_HTTP_BURST,lots", "BANK_RATE_TOOLS_PER_MINUTE,1000001"})
    void refusesALimitOutOfRangeNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> RateLimitConfig.from(settings(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(value);
    }

    @Test
    void refusesAMoneyLimitAboveTheToolsLimit() {
        assertThatThrownBy(() -> RateLimitConfig.from(settings("BANK_RATE_TOOLS_PER_MINUTE", "10", "BANK_RATE_MONEY_PER_MINUTE", "11")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("BANK_RATE_MONEY_PER_MINUTE (11)")
                .hasMessageContaining("BANK_RATE_TOOLS_PER_MINUTE (10)");
    }
}
