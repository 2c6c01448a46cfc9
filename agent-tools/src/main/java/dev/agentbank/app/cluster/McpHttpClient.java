package dev.agentbank.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough of an MCP Streamable HTTP client for the chaos workload: initialize, then tools/call, answering in JSON or
 * in an SSE stream. A session the balancer can no longer route (its instance died: 404) is started afresh.
 */
final class McpHttpClient implements AutoCloseable {
    static final String PROTOCOL_VERSION = "2025-11-25";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    /** What became of one tools/call request. */
    sealed interface Reply {
        /** The tool answered; {@code result} is the JSON-RPC result (content, structuredContent, isError). */
        record Answered(JsonNode result) implements Reply {}

        /** No answer: the transport, the balancer or the server failed; safe to try again with the same key. */
        record NoAnswer(String why) implements Reply {}
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final URI endpoint;
    private final String token;
    private Optional<String> session = Optional.empty();
    private long nextId = 1;

    McpHttpClient(String endpoint, String token) {
        this.endpoint = URI.create(endpoint);
        this.token = token;
    }

    Reply callTool(String name, Map<String, Object> arguments) throws InterruptedException {
        try {
            if (session.isEmpty()) {
                Optional<String> failure = initialize();
                if (failure.isPresent()) {
                    return new Reply.NoAnswer(failure.get());
                }
            }
            long id = nextId++;
            ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", "tools/call");
            request.putObject("params").put("name", name).set("arguments", JSON.valueToTree(arguments));
            HttpResponse<String> response = post(request);
            if (response.statusCode() == 404 || response.statusCode() == 400) {
                session = Optional.empty(); // the session lived on an instance that is gone
                return new Reply.NoAnswer("session lost (" + response.statusCode() + ")");
            }
            if (response.statusCode() != 200) {
                return new Reply.NoAnswer("HTTP " + response.statusCode());
            }
            Optional<JsonNode> message = McpReplies.message(response, id);
            if (message.isEmpty()) {
                return new Reply.NoAnswer("no JSON-RPC answer in the response");
            }
            if (message.get().has("error")) {
                return new Reply.NoAnswer("JSON-RPC error " + message.get().path("error").path("code").asText());
            }
            return new Reply.Answered(message.get().path("result"));
        } catch (IOException e) {
            session = Optional.empty();
            return new Reply.NoAnswer(e.getClass().getSimpleName());
        }
    }

    private Optional<String> initialize() throws IOException, InterruptedException {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", nextId++).put("method", "initialize");
        ObjectNode params = request.putObject("params").put("protocolVersion", PROTOCOL_VERSION);
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "agentbank-chaos").put("version", "1");
        HttpResponse<String> response = post(request);
        Optional<String> id = response.headers().firstValue("Mcp-Session-Id");
        if (response.statusCode() != 200 || id.isEmpty()) {
            return Optional.of("initialize answered HTTP " + response.statusCode());
        }
        session = id;
        HttpResponse<String> initialized = post(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"));
        if (initialized.statusCode() / 100 != 2) {
            session = Optional.empty();
            return Optional.of("notifications/initialized answered HTTP " + initialized.statusCode());
        }
        return Optional.empty();
    }

    private HttpResponse<String> post(ObjectNode body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        session.ifPresent(id -> request.header("Mcp-Session-Id", id).header("MCP-Protocol-Version", PROTOCOL_VERSION));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        http.close();
    }
}
