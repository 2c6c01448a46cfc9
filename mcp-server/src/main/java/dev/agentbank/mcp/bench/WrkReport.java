package dev.agentbank.mcp.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one {@code wrk --latency} run printed: its own figures, plus the counts our Lua {@code done} hook adds on a
 * line of its own ({@link WrkScript#SUMMARY_PREFIX}).
 *
 * @param requests     responses wrk completed in the measured window
 * @param badStatus    responses whose HTTP status was not 200
 * @param toolErrors   200 responses carrying a tool error ({@code "isError":true})
 * @param rpcErrors    200 responses carrying a JSON-RPC error
 * @param socketErrors connect, read, write and timeout errors wrk counted
 */
public record WrkReport(long requests, double seconds, double requestsPerSecond, double p50Ms, double p99Ms,
                        long badStatus, long toolErrors, long rpcErrors, long socketErrors) {
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m|h)");
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern SUMMARY = Pattern.compile(Pattern.quote(WrkScript.SUMMARY_PREFIX)
            + " non200=(\\d+) tool_errors=(\\d+) rpc_errors=(\\d+)");

    public long errors() {
        return badStatus + toolErrors + rpcErrors + socketErrors;
    }

    /** Parses wrk's text; anything it cannot find is a clear error naming what is missing, never a guess. */
    public static WrkReport parse(String output) {
        Matcher total = find(TOTAL, output, "the 'N requests in T' line");
        Matcher rate = find(RATE, output, "the Requests/sec line");
        Matcher summary = find(SUMMARY, output, "the agentbank summary line of the Lua script");
        Matcher socket = SOCKET.matcher(output);
        long socketErrors = 0;
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(socket.group(group));
            }
        }
        return new WrkReport(Long.parseLong(total.group(1)), toMillis(total.group(2), total.group(3)) / 1000,
                Double.parseDouble(rate.group(1)), percentile(output, "50%"), percentile(output, "99%"),
                Long.parseLong(summary.group(1)), Long.parseLong(summary.group(2)), Long.parseLong(summary.group(3)),
                socketErrors);
    }

    /** A line of wrk's "Latency Distribution" block, e.g. {@code "     99%    3.20ms"}. */
    private static double percentile(String output, String label) {
        Matcher line = find(Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+([\\d.]+)(us|ms|s|m|h)\\s*$"), output,
                "the " + label + " latency line (was wrk run with --latency?)");
        return toMillis(line.group(1), line.group(2));
    }

    private static double toMillis(String value, String unit) {
        double number = Double.parseDouble(value);
        return switch (unit) {
            case "us" -> number / 1000;
            case "ms" -> number;
            case "s" -> number * 1000;
            case "m" -> number * 60_000;
            case "h" -> number * 3_600_000;
            default -> throw new IllegalArgumentException("unknown wrk time unit " + unit);
        };
    }

    private static Matcher find(Pattern pattern, String output, String what) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("wrk's output lacks " + what);
        }
        return matcher;
    }
}
