package dev.agentbank.mcp.bench;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.app.bench.Latencies;
import dev.agentbank.mcp.McpHttpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The earlier load generator, kept as a second figure: MCP SDK clients in the bench's JVM, each calling
 * {@code transfer} then {@code get_balance} in turn. Their own CPU competes with the server's, which is why wrk is
 * the main figure.
 */
public final class SdkClientLoad {
    private static final long WARM_UP_NANOS = 3_000_000_000L;

    /** What the clients saw in the measured window, and the server's CPU over it. */
    public record Result(long transfers, long balances, long errors, long[] transferNanos, long[] balanceNanos, long serverCpuMillis) {
        public long calls() {
            return transfers + balances + errors;
        }

        public double transferP50Ms() {
            return Latencies.percentileMs(transferNanos, 50);
        }

        public double transferP99Ms() {
            return Latencies.percentileMs(transferNanos, 99);
        }

        public double balanceP50Ms() {
            return Latencies.percentileMs(balanceNanos, 50);
        }

        public double balanceP99Ms() {
            return Latencies.percentileMs(balanceNanos, 99);
        }
    }

    private SdkClientLoad() {}

    /** {@code serverCpuMillis} is read when the measured window opens and when it closes. */
    public static Result run(URI server, String token, List<AccountNumber> numbers, int clients, int seconds,
                             LongSupplier serverCpuMillis) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime() + WARM_UP_NANOS; // JIT, pools, sessions
        long end = start + seconds * 1_000_000_000L;
        AtomicLong keys = new AtomicLong();
        AtomicLong transfers = new AtomicLong();
        AtomicLong balances = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        String nonce = Long.toString(System.currentTimeMillis(), 36);
        List<Future<long[][]>> results = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            results.add(workers.submit(() -> {
                McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(server.toString())
                                .endpoint(McpHttpServer.MCP_ENDPOINT)
                                .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token))
                                .build())
                        .clientInfo(new McpSchema.Implementation("agentbank-bench", "1.0"))
                        .requestTimeout(Duration.ofSeconds(30))
                        .build();
                client.initialize();
                long[] transferTimes = new long[1 << 14];
                long[] balanceTimes = new long[1 << 14];
                int n = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    while (System.nanoTime() < end) {
                        int from = random.nextInt(numbers.size());
                        int to = (from + 1 + random.nextInt(numbers.size() - 1)) % numbers.size();
                        long began = System.nanoTime();
                        McpSchema.CallToolResult moved = client.callTool(new McpSchema.CallToolRequest("transfer", Map.of(
                                "from_account", numbers.get(from).value(), "to_account", numbers.get(to).value(),
                                "amount", BigDecimal.valueOf(random.nextLong(1, 10_000), 2).toPlainString(),
                                "idempotency_key", "sdk-" + nonce + "-" + keys.incrementAndGet())));
                        long between = System.nanoTime();
                        McpSchema.CallToolResult balance = client.callTool(new McpSchema.CallToolRequest("get_balance",
                                Map.of("account_number", numbers.get(to).value())));
                        long finished = System.nanoTime();
                        if (began < start) {
                            continue;
                        }
                        count(moved, transfers, errors);
                        count(balance, balances, errors);
                        if (n == transferTimes.length) {
                            transferTimes = Arrays.copyOf(transferTimes, n * 2);
                            balanceTimes = Arrays.copyOf(balanceTimes, n * 2);
                        }
                        transferTimes[n] = between - began;
                        balanceTimes[n++] = finished - between;
                    }
                } finally {
                    client.closeGracefully();
                }
                return new long[][] {Arrays.copyOf(transferTimes, n), Arrays.copyOf(balanceTimes, n)};
            }));
        }
        sleepUntil(start);
        long cpuBefore = serverCpuMillis.getAsLong();
        sleepUntil(end);
        long cpuAfter = serverCpuMillis.getAsLong();
        List<long[][]> all = new ArrayList<>();
        for (Future<long[][]> result : results) {
            all.add(result.get());
        }
        workers.shutdown();
        return new Result(transfers.get(), balances.get(), errors.get(),
                all.stream().flatMapToLong(r -> Arrays.stream(r[0])).sorted().toArray(),
                all.stream().flatMapToLong(r -> Arrays.stream(r[1])).sorted().toArray(), cpuAfter - cpuBefore);
    }

    private static void count(McpSchema.CallToolResult result, AtomicLong succeeded, AtomicLong errors) {
        (Boolean.TRUE.equals(result.isError()) ? errors : succeeded).incrementAndGet();
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
