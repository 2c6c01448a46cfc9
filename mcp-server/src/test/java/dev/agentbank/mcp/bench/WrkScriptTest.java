package dev.agentbank.mcp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The generated Lua script, run by the real wrk against a recording HTTP server. */
class WrkScriptTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACCOUNTS = List.of("DE0001", "DE0002", "DE0003");
    private static final Map<String, String> HEADERS = Map.of("Authorization", "Bearer abk_test", "Mcp-Session-Id", "session-1",
            "MCP-Protocol-Version", "2025-06-18", "Content-Type", "application/json", "Accept", "application/json, text/event-stream");

    @Test
    void everyTransferCarriesAFreshIdempotencyKeyTwoDistinctAccountsAndTheSessionHeaders() throws Exception {
        Recorded recorded = runAgainstRecordingServer(WrkScript.Tool.TRANSFER);
        assertThat(recorded.bodies).hasSizeGreaterThan(20);
        assertThat(recorded.missingHeaders.get()).isZero();
        List<JsonNode> calls = recorded.bodies.stream().map(WrkScriptTest::json).toList();
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.path("method").asText()).isEqualTo("tools/call");
            assertThat(call.path("params").path("name").asText()).isEqualTo("transfer");
            JsonNode args = call.path("params").path("arguments");
            assertThat(ACCOUNTS).contains(args.path("from_account").asText(), args.path("to_account").asText());
            assertThat(args.path("from_account").asText()).isNotEqualTo(args.path("to_account").asText());
            assertThat(args.path("amount").asText()).matches("\\d{1,2}\\.\\d\\d").isNotEqualTo("0.00");
        });
        List<String> keys = calls.stream().map(c -> c.path("params").path("arguments").path("idempotency_key").asText()).toList();
        assertThat(keys).allMatch(key -> key.startsWith("run7-")).doesNotHaveDuplicates();
    }

    @Test
    void getBalanceAsksForOneOfTheAccounts() throws Exception {
        Recorded recorded = runAgainstRecordingServer(WrkScript.Tool.GET_BALANCE);
        assertThat(recorded.bodies).isNotEmpty().allSatisfy(body -> {
            JsonNode call = json(body);
            assertThat(call.path("params").path("name").asText()).isEqualTo("get_balance");
            assertThat(ACCOUNTS).contains(call.path("params").path("arguments").path("account_number").asText());
        });
    }

    @Test
    void theResponseHookCountsBadStatusesToolErrorsAndRpcErrors() throws Exception {
        Recorded recorded = runAgainstRecordingServer(WrkScript.Tool.GET_BALANCE);
        WrkReport report = recorded.report;
        // The server may answer a few requests wrk stops waiting for at the end: at most that many fewer.
        assertThat(report.badStatus()).isPositive().isLessThanOrEqualTo(recorded.injectedStatus.get());
        assertThat(report.toolErrors()).isPositive().isLessThanOrEqualTo(recorded.injectedToolErrors.get());
        assertThat(report.rpcErrors()).isPositive().isLessThanOrEqualTo(recorded.injectedRpcErrors.get());
        assertThat(report.errors()).isLessThan(report.requests());
    }

    @Test
    void nothingCanBreakOutOfTheScriptsStringsOrTheJsonBodies() {
        assertThat(WrkScript.quote("Bearer a\"b\\c")).isEqualTo("\"Bearer a\\\"b\\\\c\"");
        assertThatThrownBy(() -> WrkScript.quote("line\nbreak")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WrkScript.lua(WrkScript.Tool.TRANSFER, "/mcp", List.of("DE1\"", "DE2"), HEADERS, "n"))
                .hasMessageContaining("letters, digits");
        assertThatThrownBy(() -> WrkScript.lua(WrkScript.Tool.TRANSFER, "/mcp", List.of("DE1"), HEADERS, "n"))
                .hasMessageContaining("two accounts");
    }

    @Test
    void principalsTakeTurnsEachWithItsOwnTokenSessionAndAccounts() throws Exception {
        WrkRun wrk;
        try {
            wrk = WrkRun.find(2, 4);
        } catch (RuntimeException missing) {
            Assumptions.abort("wrk is not installed (apt-get install -y wrk)");
            return;
        }
        List<WrkScript.Caller> callers = List.of(
                new WrkScript.Caller(Map.of("Authorization", "Bearer abk_one", "Mcp-Session-Id", "s-one"), List.of("DE1A", "DE1B")),
                new WrkScript.Caller(Map.of("Authorization", "Bearer abk_two", "Mcp-Session-Id", "s-two"), List.of("DE2A", "DE2B")),
                new WrkScript.Caller(Map.of("Authorization", "Bearer abk_three", "Mcp-Session-Id", "s-three"), List.of("DE3A", "DE3B")));
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/mcp", exchange -> {
            JsonNode args = json(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .path("params").path("arguments");
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + "|" + exchange.getRequestHeaders().getFirst("Mcp-Session-Id")
                    + "|" + args.path("from_account").asText() + "|" + args.path("to_account").asText());
            byte[] ok = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":false}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        try {
            wrk.run(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp"),
                    WrkScript.lua(WrkScript.Tool.TRANSFER, "/mcp", callers, "turns"), 1);
        } finally {
            server.stop(0);
        }
        assertThat(seen).hasSizeGreaterThan(20).allSatisfy(request -> assertThat(request).matches(
                "Bearer abk_one\\|s-one\\|DE1.\\|DE1.|Bearer abk_two\\|s-two\\|DE2.\\|DE2.|Bearer abk_three\\|s-three\\|DE3.\\|DE3."));
        assertThat(seen.stream().map(request -> request.substring(0, request.indexOf('|'))).distinct()).hasSize(3);
    }

    private static final class Recorded {
        final Queue<String> bodies = new ConcurrentLinkedQueue<>();
        final AtomicLong missingHeaders = new AtomicLong();
        final AtomicLong injectedStatus = new AtomicLong();
        final AtomicLong injectedToolErrors = new AtomicLong();
        final AtomicLong injectedRpcErrors = new AtomicLong();
        WrkReport report;
    }

    /**
     * One second of wrk against a server that answers like MCP, with every 7th, 11th and 13th answer a failure; the
     * successful answers quote "isError":true and "error":{ inside their text, escaped, as a tool's JSON would.
     */
    private static Recorded runAgainstRecordingServer(WrkScript.Tool tool) throws Exception {
        WrkRun wrk;
        try {
            wrk = WrkRun.find(2, 4);
        } catch (RuntimeException missing) {
            Assumptions.abort("wrk is not installed (apt-get install -y wrk)");
            return null;
        }
        Recorded recorded = new Recorded();
        AtomicLong answered = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/mcp", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            recorded.bodies.add(body);
            var headers = exchange.getRequestHeaders();
            if (!"Bearer abk_test".equals(headers.getFirst("Authorization")) || !"session-1".equals(headers.getFirst("Mcp-Session-Id"))
                    || !"2025-06-18".equals(headers.getFirst("MCP-Protocol-Version"))) {
                recorded.missingHeaders.incrementAndGet();
            }
            long n = answered.incrementAndGet();
            int status = 200;
            String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"isError\\\":true,\\\"error\\\":{}}\"}],\"isError\":false}}";
            if (n % 7 == 0) {
                status = 500;
                recorded.injectedStatus.incrementAndGet();
            } else if (n % 11 == 0) {
                answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"no\"}],\"isError\":true}}";
                recorded.injectedToolErrors.incrementAndGet();
            } else if (n % 13 == 0) {
                answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,\"message\":\"bad\"}}";
                recorded.injectedRpcErrors.incrementAndGet();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
            recorded.report = wrk.run(url, WrkScript.lua(tool, "/mcp", ACCOUNTS, HEADERS, "run7"), 1);
        } finally {
            server.stop(0);
        }
        return recorded;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
