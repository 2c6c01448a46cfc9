package dev.agentbank.mcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentbank.app.cluster.McpReplies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An MCP session opened by hand over Streamable HTTP (initialize, then notifications/initialized), so that a load
 * generator which knows nothing of MCP, such as wrk, can send {@code tools/call} requests on it with
 * {@link #headers()}.
 */
public final class RawMcpSession {
    static final String REQUESTED_PROTOCOL_VERSION = "2025-06-18";
    private static final String ACCEPT = "application/json, text/event-stream";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final Map<String, String> headers;

    private RawMcpSession(HttpClient http, URI endpoint, Map<String, String> headers) {
        this.http = http;
        this.endpoint = endpoint;
        this.headers = headers;
    }

    public static RawMcpSession open(URI endpoint, String bearerToken) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + bearerToken);
        headers.put("Accept", ACCEPT);
        headers.put("Content-Type", "application/json");
        RawMcpSession opening = new RawMcpSession(http, endpoint, headers);
        HttpResponse<String> initialized = opening.post("""
                {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"%s","capabilities":{},\
                "clientInfo":{"name":"agentbank-bench","version":"1"}}}""".formatted(REQUESTED_PROTOCOL_VERSION));
        JsonNode result = result(initialized, 0, "initialize");
        String session = initialized.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IOException("the server opened no session: initialize answered without Mcp-Session-Id"));
        headers.put("Mcp-Session-Id", session);
        headers.put("MCP-Protocol-Version", result.path("protocolVersion").asText(REQUESTED_PROTOCOL_VERSION));
        HttpResponse<String> notified = opening.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        if (notified.statusCode() / 100 != 2) {
            throw new IOException("notifications/initialized answered HTTP " + notified.statusCode());
        }
        return opening;
    }

    /** What every request on this session carries: bearer token, session id, protocol version, Accept, Content-Type. */
    public Map<String, String> headers() {
        return Map.copyOf(headers);
    }

    /** One tools/call; the tool's result, or an IOException when the call failed or the tool answered an error. */
    public JsonNode callTool(String tool, Map<String, String> arguments) throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", "tools/call");
        ObjectNode params = request.putObject("params").put("name", tool);
        ObjectNode args = params.putObject("arguments");
        arguments.forEach(args::put);
        JsonNode result = result(post(JSON.writeValueAsString(request)), 1, tool);
        if (result.path("isError").asBoolean(false)) {
            throw new IOException(tool + " answered a tool error: " + result.path("content").path(0).path("text").asText());
        }
        return result;
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC result of a response, which the server may send as JSON or as one server-sent event. */
    private static JsonNode result(HttpResponse<String> response, long id, String what) throws IOException {
        if (response.statusCode() != 200) {
            throw new IOException(what + " answered HTTP " + response.statusCode());
        }
        JsonNode message = McpReplies.message(response, id)
                .orElseThrow(() -> new IOException(what + " answered no JSON-RPC message for request " + id));
        if (message.has("error")) {
            throw new IOException(what + " answered a JSON-RPC error: " + message.path("error").path("message").asText());
        }
        return message.path("result");
    }
}
