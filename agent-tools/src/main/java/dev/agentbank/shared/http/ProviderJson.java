package dev.agentbank.shared.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reading the provider's answers strictly: exactly one JSON value, no duplicate keys. Anything else reads as a missing
 * node, which every field check then refuses, so an answer off the contract is never half-believed.
 */
public final class ProviderJson {
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ProviderJson() {}

    /** The parsed body, or a missing node when it is not exactly one JSON value (or has duplicate keys). */
    public static JsonNode tree(String body) {
        try {
            JsonNode node = STRICT.readTree(body);
            return node == null ? STRICT.missingNode() : node;
        } catch (IOException e) {
            return STRICT.missingNode();
        }
    }

    /** A new object for a request body. */
    public static ObjectNode object() {
        return STRICT.createObjectNode();
    }

    /** A request body as text; our own nodes always serialise. */
    public static String write(JsonNode body) {
        try {
            return STRICT.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON node did not serialise", e);
        }
    }
}
