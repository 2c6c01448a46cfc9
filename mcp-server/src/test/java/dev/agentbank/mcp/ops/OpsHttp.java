package dev.agentbank.mcp.ops;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP against a running instance, as a probe, a scraper or a client would send it. */
final class OpsHttp {
    static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"ops-test","version":"1"}}}""";
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OpsHttp() {}

    static HttpResponse<String> get(URI base, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(URI base, String path) throws Exception {
        return get(base, path, Map.of());
    }

    static HttpResponse<String> postMcp(URI base, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One Streamable HTTP session spoken in raw JSON-RPC: what arrives is exactly what the server wrote. */
    record RawSession(URI base, String token, String id) {
        static RawSession open(URI base, String token) throws Exception {
            HttpResponse<String> initialized = postMcp(base, token);
            if (initialized.statusCode() != 200) {
                throw new AssertionError("initialize: " + initialized.statusCode() + " " + initialized.body());
            }
            RawSession session = new RawSession(base, token, initialized.headers().firstValue("Mcp-Session-Id").orElseThrow());
            session.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").join();
            return session;
        }

        /** A tools/call; the future completes when the whole answer has arrived. */
        java.util.concurrent.CompletableFuture<HttpResponse<String>> call(int requestId, String tool, String argumentsJson) {
            return send("{\"jsonrpc\":\"2.0\",\"id\":" + requestId + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                    + "\",\"arguments\":" + argumentsJson + "}}");
        }

        java.util.concurrent.CompletableFuture<HttpResponse<String>> send(String body) {
            return http.sendAsync(HttpRequest.newBuilder(base.resolve("/mcp"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .header("Authorization", "Bearer " + token)
                    .header("Mcp-Session-Id", id)
                    .header("Mcp-Protocol-Version", "2025-06-18")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A GET with a Host header of our choosing (the JDK client will not send one): the status line. */
    static String rawGet(URI base, String path, String host) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    /** The value of one sample in Prometheus text, e.g. {@code bank_mcp_tool_calls_total{outcome="ok",tool="get_balance"}}. */
    static double sample(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + metrics);
        }
        return Double.parseDouble(matcher.group(1));
    }
}
