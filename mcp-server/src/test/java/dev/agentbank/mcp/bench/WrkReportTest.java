package dev.agentbank.mcp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** wrk 4.1's output, as it printed it with our Lua script's summary line (samples copied from real runs). */
class WrkReportTest {
    private static final String WITH_TOOL_AND_RPC_ERRORS = """
            Running 3s test @ http://127.0.0.1:18777/mcp
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    47.81ms    6.39ms  75.58ms   87.23%
                Req/Sec    75.27     19.19   121.00     75.00%
              Latency Distribution
                 50%   46.62ms
                 75%   49.29ms
                 90%   54.48ms
                 99%   69.71ms
              462 requests in 3.11s, 178.58KB read
            Requests/sec:    148.77
            Transfer/sec:     57.51KB
            agentbank-summary: non200=0 tool_errors=9 rpc_errors=6
            """;

    private static final String ALL_REFUSED = """
            Running 2s test @ http://127.0.0.1:18777/mcp
              2 threads and 8 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    48.78ms    9.57ms  78.98ms   81.01%
                Req/Sec    81.68     10.78   110.00     72.50%
              Latency Distribution
                 50%   45.44ms
                 75%   49.60ms
                 90%   63.04ms
                 99%   78.62ms
              337 requests in 2.08s, 132.45KB read
              Non-2xx or 3xx responses: 337
            Requests/sec:    162.09
            Transfer/sec:     63.70KB
            agentbank-summary: non200=337 tool_errors=0 rpc_errors=0
            """;

    @Test
    void readsRateLatencyPercentilesAndTheScriptsErrorCounts() {
        WrkReport report = WrkReport.parse(WITH_TOOL_AND_RPC_ERRORS);
        assertThat(report.requests()).isEqualTo(462);
        assertThat(report.seconds()).isEqualTo(3.11);
        assertThat(report.requestsPerSecond()).isEqualTo(148.77);
        assertThat(report.p50Ms()).isEqualTo(46.62);
        assertThat(report.p99Ms()).isEqualTo(69.71);
        assertThat(report.toolErrors()).isEqualTo(9);
        assertThat(report.rpcErrors()).isEqualTo(6);
        assertThat(report.errors()).isEqualTo(15);
    }

    @Test
    void countsEveryNon200OnceNotAgainFromWrksOwnLine() {
        WrkReport report = WrkReport.parse(ALL_REFUSED);
        assertThat(report.badStatus()).isEqualTo(337);
        assertThat(report.errors()).isEqualTo(337);
    }

    @Test
    void convertsMicrosecondsAndSecondsAndAddsSocketErrors() {
        String fast = WITH_TOOL_AND_RPC_ERRORS
                .replace("50%   46.62ms", "50%  812.00us")
                .replace("99%   69.71ms", "99%    1.20s")
                .replace("  462 requests in 3.11s, 178.58KB read\n",
                        "  462 requests in 3.11s, 178.58KB read\n  Socket errors: connect 1, read 2, write 3, timeout 4\n");
        WrkReport report = WrkReport.parse(fast);
        assertThat(report.p50Ms()).isEqualTo(0.812);
        assertThat(report.p99Ms()).isEqualTo(1200.0);
        assertThat(report.socketErrors()).isEqualTo(10);
        assertThat(report.errors()).isEqualTo(25);
    }

    @Test
    void outputWithoutTheLatencyDistributionOrTheSummaryIsAClearError() {
        assertThatThrownBy(() -> WrkReport.parse(WITH_TOOL_AND_RPC_ERRORS.replace("agentbank-summary:", "other:")))
                .hasMessageContaining("agentbank summary line");
        assertThatThrownBy(() -> WrkReport.parse(WITH_TOOL_AND_RPC_ERRORS.replace("99%   69.71ms", "")))
                .hasMessageContaining("99% latency line");
    }
}
