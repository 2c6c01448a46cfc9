package dev.agentbank.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallLimitsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final Principal ann = new Principal.CustomerPrincipal(1);
    private final Principal bob = new Principal.CustomerPrincipal(2);

    @Test
    void moneyMovingCallsRunOutBeforeOtherCallsAndSayWhenToRetry() {
        CallLimits limits = CallLimits.perMinute(10, 2, clock);

        assertThat(limits.refusal(ann, true)).isEmpty();
        assertThat(limits.refusal(ann, true)).isEmpty();
        assertThat(limits.refusal(ann, true)).contains("Too many requests: you may make at most 2 money-moving tool calls a minute. "
                + "Nothing was done; try again in 30 seconds.");
        assertThat(limits.refusal(ann, false)).as("reads still go").isEmpty();

        clock.advance(Duration.ofSeconds(30));
        assertThat(limits.refusal(ann, true)).isEmpty();
    }

    @Test
    void everyCallCountsAgainstTheToolsLimitAndARefusedCallTakesNothing() {
        CallLimits limits = CallLimits.perMinute(2, 1, clock);
        limits.refusal(ann, false);
        limits.refusal(ann, false);

        assertThat(limits.refusal(ann, true)).get().asString().contains("at most 2 tool calls a minute").contains("try again in 30 seconds");
        clock.advance(Duration.ofSeconds(30));
        // had the refused call taken the money token, half a minute would not have brought it back
        assertThat(limits.refusal(ann, true)).isEmpty();
    }

    @Test
    void eachPrincipalHasBucketsOfItsOwn() {
        CallLimits limits = CallLimits.perMinute(1, 1, clock);
        Principal teller = new Principal.Staff(Role.TELLER, "alice");

        assertThat(limits.refusal(ann, true)).isEmpty();
        assertThat(limits.refusal(ann, false)).isPresent();
        assertThat(limits.refusal(bob, true)).isEmpty();
        assertThat(limits.refusal(teller, true)).isEmpty();
    }

    @Test
    void forgetsPrincipalsWhoseBucketsAreFullAgain() {
        CallLimits limits = CallLimits.perMinute(100, 10, clock);
        for (int i = 1; i <= 4096; i++) {
            if (i == 4000) {
                clock.advance(Duration.ofMinutes(2));
            }
            limits.refusal(new Principal.CustomerPrincipal(i), false);
        }
        // the sweep at the 4096th call dropped the 3,999 whose buckets had refilled
        assertThat(limits.tracked()).isEqualTo(97);
    }

    @Test
    void aLimitOfOneSaysCallNotCalls() {
        CallLimits limits = CallLimits.perMinute(5, 1, clock);
        limits.refusal(ann, true);

        assertThat(limits.refusal(ann, true)).get().asString().contains("at most 1 money-moving tool call a minute.")
                .contains("try again in 60 seconds.");
        clock.advance(Duration.ofMillis(59_500));
        assertThat(limits.refusal(ann, true)).get().asString().endsWith("try again in 1 second.");
    }

    @Test
    void noLimitsAdmitsEverything() {
        CallLimits none = CallLimits.none();
        for (int i = 0; i < 10_000; i++) {
            assertThat(none.refusal(ann, true)).isEmpty();
        }
    }
}
