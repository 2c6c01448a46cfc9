package dev.agentbank.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;

/** SDK clients for tests and the bench, each sending one bearer token. */
public final class Clients {
    private Clients() {}

    public static McpSyncClient streamable(URI base, String token) {
        return initialised(HttpClientStreamableHttpTransport.builder(base.toString())
                .endpoint(McpHttpServer.MCP_ENDPOINT)
                .httpRequestCustomizer(bearer(token))
                .build());
    }

    static McpSyncClient sse(URI base, String token) {
        return initialised(HttpClientSseClientTransport.builder(base.toString())
                .sseEndpoint(McpHttpServer.SSE_ENDPOINT)
                .httpRequestCustomizer(bearer(token))
                .build());
    }

    static McpSyncClient initialised(McpClientTransport transport) {
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("agentbank-test", "1.0"))
                .requestTimeout(Duration.ofSeconds(30))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        client.initialize();
        return client;
    }

    private static McpSyncHttpClientRequestCustomizer bearer(String token) {
        return (request, method, uri, body, context) -> request.header("Authorization", "Bearer " + token);
    }
}
