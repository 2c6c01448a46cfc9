package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.app.demo.DemoData;
import dev.agentbank.testing.TestBank;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code McpMain} as a real process: what it writes where, who it acts for, and how it stops. */
class McpMainProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestBank bank;
    private static long ada;

    @BeforeAll
    static void seed() {
        bank = TestBank.create();
        DemoData demo = new DemoData(bank.runtime());
        assertThat(demo.seedIfEmpty()).isTrue();
        ada = demo.firstCustomer().orElseThrow();
    }

    @AfterAll
    static void drop() {
        bank.close();
    }

    private static Process start(Map<String, String> env, Path stderr, String... args) throws Exception {
        List<String> command = new ArrayList<>(Children.mcpMainCommand());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("BANK_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    @Test
    void stdioWritesOnlyProtocolToStdoutAndActsForTheFirstDemoCustomerWithoutAToken() throws Exception {
        Map<String, String> env = Children.environment(bank);
        env.put("BANK_DEMO", "true");
        Path stderr = Files.createTempFile("mcp-stdio", ".err");
        Process process = start(env, stderr);
        try (OutputStream in = process.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
            JsonNode initialized = until(out, 1);
            assertThat(initialized.at("/result/serverInfo/name").asText()).isEqualTo("agentbank");
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            assertThat(until(out, 2).at("/result/tools").size()).isGreaterThan(5);
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"list_accounts\",\"arguments\":{}}}");
            JsonNode accounts = until(out, 3).at("/result/structuredContent/accounts");
            assertThat(accounts.size()).isEqualTo(2);
            accounts.forEach(account -> assertThat(account.get("customer_id").asLong()).isEqualTo(ada));
        }
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits when stdin closes").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(stderr)).contains("serving MCP over stdio as customer:" + ada);
    }

    @Test
    void stdioAnswersEveryRequestPipedBeforeStdinClosesThenExits() throws Exception {
        Map<String, String> env = Children.environment(bank);
        env.put("BANK_DEMO", "true");
        Path stderr = Files.createTempFile("mcp-stdio-piped", ".err");
        Process process = start(env, stderr);
        try (OutputStream in = process.getOutputStream()) {
            // As `printf '…' | ./bank mcp` does: everything at once, then the end of input.
            send(in, """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}
                    {"jsonrpc":"2.0","method":"notifications/initialized"}
                    {"jsonrpc":"2.0","id":2,"method":"tools/list"}
                    {"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"list_accounts","arguments":{}}}""");
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(until(out, 1).at("/result/serverInfo/name").asText()).isEqualTo("agentbank");
            assertThat(until(out, 2).at("/result/tools").size()).isGreaterThan(5);
            assertThat(until(out, 3).at("/result/structuredContent/accounts").size()).isEqualTo(2);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exits once everything is answered").isTrue();
        assertThat(process.exitValue()).isZero();
    }

    /** Reads stdout lines until the answer with this id; every line on the way must be a JSON-RPC message. */
    private static JsonNode until(BufferedReader out, int id) throws Exception {
        while (true) {
            String line = out.readLine();
            assertThat(line).as("stdout ended before answer " + id).isNotNull();
            JsonNode message = JSON.readTree(line);
            assertThat(message.path("jsonrpc").asText()).as("stdout line: " + line).isEqualTo("2.0");
            if (message.path("id").asInt(-1) == id) {
                return message;
            }
        }
    }

    private static void send(OutputStream in, String message) throws Exception {
        in.write((message.strip() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Test
    void stdioRefusesToStartWithADeadTokenInOneLine() throws Exception {
        Map<String, String> env = Children.environment(bank);
        env.put("BANK_TOKEN", "abk_not-a-real-token");
        Path stderr = Files.createTempFile("mcp-stdio", ".err");
        Process process = start(env, stderr);
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEmpty();
        assertThat(Files.readString(stderr)).contains("bank mcp: BANK_TOKEN is not a live token").doesNotContain("Exception");
    }

    @Test
    void httpServerListensOnLoopbackAndStopsOnSigterm() throws Exception {
        Path stderr = Files.createTempFile("mcp-http", ".err");
        Process process = start(Children.environment(bank), stderr, "--http", "--port", "0");
        try {
            URI endpoint = awaitListening(stderr, process);
            assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(Files.readString(stderr)).contains("stopping");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void httpServerOnSigtermTurnsNotReadyFirstThenExitsWithinItsBound() throws Exception {
        Path stderr = Files.createTempFile("mcp-http-drain", ".err");
        Map<String, String> env = Children.environment(bank);
        env.put("BANK_MCP_DRAIN_GRACE", "2");
        env.put("BANK_MCP_DRAIN_TIMEOUT", "5");
        Process process = start(env, stderr, "--http", "--port", "0");
        try {
            URI ready = awaitListening(stderr, process).resolve("/readyz");
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            long signalled = System.nanoTime();
            process.destroy(); // SIGTERM
            // within the grace the instance still answers, and says it is draining (once the JVM has run its hook)
            HttpResponse<String> draining = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
            while (draining.statusCode() == 200 && System.nanoTime() - signalled < TimeUnit.MILLISECONDS.toNanos(1_500)) {
                Thread.sleep(50);
                draining = http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(draining.statusCode()).isEqualTo(503);
            assertThat(draining.body()).contains("draining");
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled)).as("waited out the grace").isGreaterThanOrEqualTo(2_000);
            assertThat(Files.readString(stderr)).contains("draining: not ready now").contains("drained");
        } finally {
            process.destroyForcibly();
        }
    }

    private static URI awaitListening(Path stderr, Process process) throws Exception {
        Pattern listening = Pattern.compile("listening on (http://\\S+/mcp)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = listening.matcher(Files.readString(stderr));
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            assertThat(process.isAlive()).as("server process died: " + Files.readString(stderr)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + Files.readString(stderr));
    }
}
