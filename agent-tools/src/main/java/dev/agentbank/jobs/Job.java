package dev.agentbank.jobs;

import java.time.Duration;

/**
 * A piece of background work a long-running process repeats: one pass, then a pause of {@code interval}.
 *
 * @param name  a stable name for logs and, later, metrics ("audit-sealer")
 * @param first the pause before the first pass (zero runs it at start-up)
 */
public record Job(String name, Duration interval, Duration first, Pass pass) {
    public Job {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a job needs a name");
        }
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("job " + name + " needs a positive interval, got " + interval);
        }
        if (first == null || first.isNegative()) {
            throw new IllegalArgumentException("job " + name + " needs a first delay of zero or more, got " + first);
        }
    }

    /** A job whose first pass comes after one interval. */
    public static Job every(String name, Duration interval, Pass pass) {
        return new Job(name, interval, interval, pass);
    }

    /** A job that also runs once at start-up. */
    public static Job atStartAndEvery(String name, Duration interval, Pass pass) {
        return new Job(name, interval, Duration.ZERO, pass);
    }

    @FunctionalInterface
    public interface Pass {
        void run() throws Exception;
    }
}
