package dev.agentbank.mcp.bench;

/** One wrk run and the server process's CPU time over it. */
public record ServerLoad(WrkScript.Tool tool, WrkReport wrk, long serverCpuMillis, long jitCpuMillis) {
    /** Server CPU milliseconds per completed call; 0 when nothing completed. */
    public double cpuMillisPerCall() {
        return wrk.requests() == 0 ? 0 : serverCpuMillis / (double) wrk.requests();
    }

    /** The same without the JIT compiler threads' time: nearer the steady state a warm server reaches. */
    public double cpuMillisPerCallWithoutJit() {
        return wrk.requests() == 0 ? 0 : Math.max(0, serverCpuMillis - jitCpuMillis) / (double) wrk.requests();
    }
}
