package dev.agentbank.mcp.bench;

/** One wrk run and the server process's CPU time over it. */
public record ServerLoad(WrkScript.Tool tool, WrkReport wrk, long serverCpuMillis) {
    /** Server CPU milliseconds per completed call; 0 when nothing completed. */
    public double cpuMillisPerCall() {
        return wrk.requests() == 0 ? 0 : serverCpuMillis / (double) wrk.requests();
    }
}
