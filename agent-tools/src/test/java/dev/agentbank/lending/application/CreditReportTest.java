package dev.agentbank.lending.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CreditReportTest {
    private static final Instant AT = Instant.parse("2026-12-01T10:15:30Z");

    @Test
    void acceptsTheWholeScoreRangeAndNoDelinquencies() {
        assertThat(new CreditReport(1, 300, 0, AT, "r").score()).isEqualTo(300);
        assertThat(new CreditReport(1, 850, 7, AT, "x".repeat(100)).score()).isEqualTo(850);
    }

    @Test
    void refusesWhatNoBureauCouldHaveReported() {
        assertThatThrownBy(() -> new CreditReport(0, 700, 0, AT, "r")).hasMessage("customerId must be positive");
        assertThatThrownBy(() -> new CreditReport(1, 299, 0, AT, "r")).hasMessage("score must be from 300 to 850, not 299");
        assertThatThrownBy(() -> new CreditReport(1, 851, 0, AT, "r")).hasMessage("score must be from 300 to 850, not 851");
        assertThatThrownBy(() -> new CreditReport(1, 700, -1, AT, "r")).hasMessage("delinquencies cannot be negative");
        assertThatThrownBy(() -> new CreditReport(1, 700, 0, null, "r")).isInstanceOf(NullPointerException.class).hasMessage("reportedAt");
        assertThatThrownBy(() -> new CreditReport(1, 700, 0, AT, null)).isInstanceOf(NullPointerException.class).hasMessage("bureauReference");
        for (String reference : new String[] {"", "  ", "x".repeat(101), "ref\nforged line", "ref\u202e"}) {
            assertThatThrownBy(() -> new CreditReport(1, 700, 0, AT, reference)).as(reference)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("bureauReference must be");
        }
    }

    @Test
    void aCheckAlwaysCarriesItsReportOrItsReason() {
        assertThatThrownBy(() -> new CreditCheck.Found(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CreditCheck.NoReport(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new CreditCheck.Unavailable(null)).isInstanceOf(NullPointerException.class);
    }
}
