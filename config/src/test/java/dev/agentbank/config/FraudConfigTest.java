package dev.agentbank.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FraudConfigTest {

    private static Settings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.of(values);
    }

    @Test
    void defaultsAlertAtFortyHoldAtSeventyAndTheRulesOwnThresholds() {
        FraudConfig config = FraudConfig.from(settings());

        assertThat(config.alertAt()).isEqualTo(40);
        assertThat(config.holdAt()).isEqualTo(70);
        assertThat(config.velocity()).isEqualTo(new FraudConfig.Velocity(Duration.ofHours(1), 5, new BigDecimal("2000.00"), 30));
        assertThat(config.splitting().threshold()).isEqualTo(ApprovalConfig.DEFAULT_THRESHOLD);
        assertThat(config.fastConfirmation().minimumReadingTime()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.newClient().window()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void readsThresholdsAndRuleParameters() {
        FraudConfig config = FraudConfig.from(settings("BANK_FRAUD_ALERT_AT", "30", "BANK_FRAUD_HOLD_AT", "30",
                "BANK_FRAUD_VELOCITY_WINDOW_MINUTES", "15", "BANK_FRAUD_VELOCITY_MAX_COUNT", "3", "BANK_FRAUD_VELOCITY_MAX_TOTAL", "750.5",
                "BANK_FRAUD_ANOMALY_SIGMAS", "3.5", "BANK_FRAUD_NEW_PAYEE_LARGE_AMOUNT", "150", "BANK_FRAUD_DORMANT_DAYS", "30",
                "BANK_FRAUD_FAST_CONFIRMATION_MILLIS", "1500", "BANK_FRAUD_PAYEE_IN_SESSION_SCORE", "50"));

        assertThat(config.alertAt()).isEqualTo(30);
        assertThat(config.holdAt()).isEqualTo(30);
        assertThat(config.velocity()).isEqualTo(new FraudConfig.Velocity(Duration.ofMinutes(15), 3, new BigDecimal("750.5"), 30));
        assertThat(config.amountAnomaly().sigmas()).isEqualByComparingTo("3.5");
        assertThat(config.newPayeeLargePayment().largeAmount()).isEqualByComparingTo("150");
        assertThat(config.dormantAccount().quietFor()).isEqualTo(Duration.ofDays(30));
        assertThat(config.fastConfirmation().minimumReadingTime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.payeeAddedAndPaidInSession().score()).isEqualTo(50);
    }

    @Test
    void theSplittingThresholdFollowsTheApprovalThresholdUnlessSetItself() {
        assertThat(FraudConfig.from(settings("BANK_APPROVAL_THRESHOLD", "250.00")).splitting().threshold()).isEqualByComparingTo("250.00");
        assertThat(FraudConfig.from(settings("BANK_APPROVAL_THRESHOLD", "250.00", "BANK_FRAUD_SPLITTING_THRESHOLD", "80"))
                .splitting().threshold()).isEqualByComparingTo("80");
    }

    @Test
    void rejectsAHoldThresholdBelowTheAlertThresholdNamingBoth() {
        assertThatThrownBy(() -> FraudConfig.from(settings("BANK_FRAUD_ALERT_AT", "50", "BANK_FRAUD_HOLD_AT", "45")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("BANK_FRAUD_HOLD_AT (45) must be at least BANK_FRAUD_ALERT_AT (50), and both at least 1");
        // the default HOLD is below an ALERT raised above it
        assertThatThrownBy(() -> FraudConfig.from(settings("BANK_FRAUD_ALERT_AT", "80")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("BANK_FRAUD_HOLD_AT (70)");
    }

    @ParameterizedTest
    @CsvSource({
            "BANK_FRAUD_VELOCITY_MAX_COUNT, -1",
            "BANK_FRAUD_VELOCITY_MAX_COUNT, many",
            "BANK_FRAUD_VELOCITY_WINDOW_MINUTES, 0",
            "BANK_FRAUD_ALERT_AT, 0",
            "BANK_FRAUD_ROUND_SCORE, 101",
            "BANK_FRAUD_SPLITTING_BAND_PERCENT, 100",
            "BANK_FRAUD_RAPID_SHARE_PERCENT, 0",
            "BANK_FRAUD_FAST_CONFIRMATION_MILLIS, 1.5",
            "BANK_FRAUD_VELOCITY_MAX_TOTAL, -2000",
            "BANK_FRAUD_NEW_PAYEE_LARGE_AMOUNT, 0.00001",
            "BANK_FRAUD_SPLITTING_THRESHOLD, 2000000000000",
            "BANK_FRAUD_ANOMALY_SIGMAS, 1000"})
    void rejectsABadValueNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> FraudConfig.from(settings(name, value)))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith(name + " must be").hasMessageContaining("'");
    }

    @Test
    void bankConfigCarriesTheFraudSlice() {
        BankConfig config = BankConfig.from(settings("BANK_HOME", "target/config-test-home", "BANK_FRAUD_HOLD_AT", "90"));

        assertThat(config.fraud().holdAt()).isEqualTo(90);
    }
}
