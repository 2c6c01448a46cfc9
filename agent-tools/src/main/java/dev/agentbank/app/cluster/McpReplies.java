package dev.agentbank.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Reading an MCP Streamable HTTP answer, which the server sends as one JSON body or as server-sent events. */
public final class McpReplies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private McpReplies() {}

    /** The JSON-RPC message answering {@code id}, from a JSON body or from the data lines of an SSE stream. */
    public static Optional<JsonNode> message(HttpResponse<String> response, long id) throws IOException {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/event-stream")) {
            JsonNode node = JSON.readTree(response.body());
            return node != null && node.path("id").asLong(-1) == id ? Optional.of(node) : Optional.empty();
        }
        StringBuilder data = new StringBuilder();
        for (String line : (response.body() + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && !data.isEmpty()) {
                JsonNode node = JSON.readTree(data.toString());
                data.setLength(0);
                if (node.path("id").asLong(-1) == id) {
                    return Optional.of(node);
                }
            }
        }
        return Optional.empty();
    }
}
