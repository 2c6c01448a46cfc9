package dev.agentbank.app.cluster;

import java.io.PrintStream;
import java.util.List;

/** The counts a chaos run prints, and whether it passed. */
record ChaosReport(int seconds, int instances, List<ChaosOperation> operations, FaultRunner.Counts faults,
                   ChaosChecks.Result checks, boolean healed) {

    boolean passed() {
        return checks.sound() && healed;
    }

    void print(PrintStream out) {
        long acknowledged = count(ChaosOperation.Outcome.ACKNOWLEDGED);
        long refused = count(ChaosOperation.Outcome.REFUSED);
        long retried = operations.stream().filter(ChaosOperation::retried).count();
        long extraAttempts = operations.stream().mapToLong(operation -> operation.attempts() - 1).sum();
        out.printf("chaos run: %d s, %d instances%n", seconds, instances);
        out.printf("operations: attempted %d, acknowledged %d, refused %d, retried %d (%d extra attempts), unanswered %d%n",
                operations.size(), acknowledged, refused, retried, extraAttempts, checks.unanswered());
        for (ChaosOperation.Kind kind : ChaosOperation.Kind.values()) {
            long of = operations.stream().filter(operation -> operation.kind() == kind).count();
            long ok = operations.stream().filter(operation -> operation.kind() == kind
                    && operation.outcome() == ChaosOperation.Outcome.ACKNOWLEDGED).count();
            out.printf("  %-17s %d attempted, %d acknowledged%n", kind.name().toLowerCase().replace('_', ' '), of, ok);
        }
        out.printf("faults: kills %d (%d skipped: an instance was still starting), restarts %d, db outages %d,"
                        + " provider slow windows %d, provider timeouts %d%n",
                faults.kills(), faults.skippedKills(), faults.restarts(), faults.databaseOutages(), faults.slowWindows(), faults.providerTimeouts());
        out.printf("checks: lost %d, duplicated %d, posted though refused %d, every instance back %s%n",
                checks.lost(), checks.duplicated(), checks.postedThoughRefused(), healed ? "yes" : "NO");
        checks.violations().stream().limit(20).forEach(violation -> out.println("  VIOLATION: " + violation));
        if (checks.violations().size() > 20) {
            out.println("  ... and " + (checks.violations().size() - 20) + " more");
        }
        out.println(passed() ? "chaos: PASSED (ledger invariants, audit chain, exactly-once postings)" : "chaos: FAILED");
        out.flush();
    }

    private long count(ChaosOperation.Outcome outcome) {
        return operations.stream().filter(operation -> operation.outcome() == outcome).count();
    }
}
