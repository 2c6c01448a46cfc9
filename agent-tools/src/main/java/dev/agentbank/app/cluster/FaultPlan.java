package dev.agentbank.app.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When a chaos run of a given length does what: SIGKILL an instance (it is started again a moment later) about every
 * ten seconds, at least three times; stop PostgreSQL once, early, for a few seconds; make the provider slower than the
 * instances' timeout for a few seconds about every forty seconds, at least once. Faults stop well before the end
 * ({@code quietFrom}), so the last operations run on a healed cluster.
 */
record FaultPlan(List<Fault> faults, Duration quietFrom) {
    enum Kind { KILL_INSTANCE, DATABASE_OUTAGE, SLOW_PROVIDER }

    /** {@code at} from the start of the workload; {@code lasting} for outages and slow windows. */
    record Fault(Duration at, Kind kind, Duration lasting) {}

    static FaultPlan forRun(Duration length) {
        long seconds = length.toSeconds();
        if (seconds < 10) {
            throw new IllegalArgumentException("a chaos run needs at least 10 seconds");
        }
        long quiet = Math.max(3, seconds / 10); // the last stretch without new faults
        long active = seconds - quiet;
        List<Fault> faults = new ArrayList<>();
        long kills = Math.max(3, active / 10);
        for (long k = 0; k < kills; k++) {
            faults.add(new Fault(Duration.ofMillis(active * 1000 * (2 * k + 1) / (2 * kills)), Kind.KILL_INSTANCE, Duration.ZERO));
        }
        faults.add(new Fault(Duration.ofMillis(active * 1000 * 3 / 10), Kind.DATABASE_OUTAGE, Duration.ofSeconds(Math.min(6, Math.max(3, active / 8)))));
        long slowWindows = Math.max(1, active / 40);
        for (long w = 0; w < slowWindows; w++) {
            long at = active * 1000 * (2 * w + 1) / (2 * slowWindows) + active * 1000 / 10;
            faults.add(new Fault(Duration.ofMillis(Math.min(at, (active - 2) * 1000)), Kind.SLOW_PROVIDER,
                    Duration.ofSeconds(Math.min(8, Math.max(3, active / 6)))));
        }
        faults.sort(Comparator.comparing(Fault::at));
        return new FaultPlan(List.copyOf(faults), Duration.ofSeconds(active));
    }

    long count(Kind kind) {
        return faults.stream().filter(fault -> fault.kind() == kind).count();
    }
}
