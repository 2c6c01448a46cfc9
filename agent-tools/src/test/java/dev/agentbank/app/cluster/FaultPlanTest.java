package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void aShortRunStillKillsThreeTimesStopsTheDatabaseOnceAndSlowsTheProvider() {
        FaultPlan plan = FaultPlan.forRun(Duration.ofSeconds(30));

        assertThat(plan.count(FaultPlan.Kind.KILL_INSTANCE)).isEqualTo(3);
        assertThat(plan.count(FaultPlan.Kind.DATABASE_OUTAGE)).isEqualTo(1);
        assertThat(plan.count(FaultPlan.Kind.SLOW_PROVIDER)).isEqualTo(1);
    }

    @Test
    void everyFaultIsOverBeforeTheRunEnds() {
        for (int seconds : new int[] {10, 15, 30, 120, 600}) {
            Duration length = Duration.ofSeconds(seconds);
            for (FaultPlan.Fault fault : FaultPlan.forRun(length).faults()) {
                assertThat(fault.at().plus(fault.lasting())).as("%s in %d s", fault, seconds).isLessThan(length);
            }
        }
    }

    @Test
    void aLongerRunKillsMoreOften() {
        assertThat(FaultPlan.forRun(Duration.ofSeconds(120)).count(FaultPlan.Kind.KILL_INSTANCE)).isGreaterThanOrEqualTo(10);
        assertThat(FaultPlan.forRun(Duration.ofSeconds(120)).count(FaultPlan.Kind.DATABASE_OUTAGE)).isEqualTo(1);
        assertThatThrownBy(() -> FaultPlan.forRun(Duration.ofSeconds(5))).isInstanceOf(IllegalArgumentException.class);
    }
}
