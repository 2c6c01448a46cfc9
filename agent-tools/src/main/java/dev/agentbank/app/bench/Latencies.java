package dev.agentbank.app.bench;

/** Percentiles of measured latencies, shared by the benches so they report alike. */
public final class Latencies {
    private Latencies() {}

    /** The nearest-rank percentile of ascending nanosecond latencies, in milliseconds; 0 when none. */
    public static double percentileMs(long[] sortedNanos, int percentile) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(percentile / 100.0 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }
}
