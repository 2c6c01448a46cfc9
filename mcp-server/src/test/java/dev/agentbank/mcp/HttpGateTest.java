package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP gate in front of /mcp and /sse: bearer tokens (401) and DNS-rebinding checks (403), on a real server. */
class HttpGateTest {
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"gate-test","version":"1"}}}""";
    private static final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private static TestBank bank;
    private static McpHttpServer server;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static long customer;

    @BeforeAll
    static void start() {
        bank = TestBank.create(clock);
        customer = bank.customer();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0,
                List.of("https://app.example.com"));
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static String token(Optional<Instant> expiry) {
        return bank.runtime().tokens().create(Actor.of("teller", "gate"), new Principal.CustomerPrincipal(customer), expiry).token();
    }

    private static HttpResponse<String> post(String path, String authorization, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer realm=\"agentbank\"");
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void aLiveTokenGetsThroughToTheMcpEndpoint() throws Exception {
        HttpResponse<String> response = post("/mcp", "Bearer " + token(Optional.empty()), null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"serverInfo\"").contains("agentbank");
    }

    @Test
    void missingOrMalformedAuthorizationGets401() throws Exception {
        assertUnauthorized(post("/mcp", null, null));
        assertUnauthorized(post("/mcp", "Basic dXNlcjpwYXNz", null));
        assertUnauthorized(post("/mcp", "Bearer", null));
        assertUnauthorized(post("/mcp", "Bearer    ", null));
        assertUnauthorized(post("/mcp", "Bearer a b", null));
        assertUnauthorized(post("/mcp", "Bearer abk_" + "A".repeat(43), null));
        assertUnauthorized(post("/message?sessionId=x", null, null));
        HttpResponse<String> sse = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/sse")).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertUnauthorized(sse);
    }

    @Test
    void revokedAndExpiredTokensGet401() throws Exception {
        var issued = bank.runtime().tokens().create(Actor.of("teller", "gate"), new Principal.CustomerPrincipal(customer), Optional.empty());
        assertThat(post("/mcp", "Bearer " + issued.token(), null).statusCode()).isEqualTo(200);
        bank.runtime().tokens().revoke(Actor.of("teller", "gate"), issued.id());
        assertUnauthorized(post("/mcp", "Bearer " + issued.token(), null));

        String expiring = token(Optional.of(clock.instant().plus(Duration.ofHours(1))));
        assertThat(post("/mcp", "Bearer " + expiring, null).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofHours(2));
        assertUnauthorized(post("/mcp", "Bearer " + expiring, null));
    }

    @Test
    void aForeignOriginGets403EvenWithALiveToken() throws Exception {
        String token = "Bearer " + token(Optional.empty());
        assertThat(post("/mcp", token, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(post("/mcp", token, "http://localhost.evil.example:8080").statusCode()).isEqualTo(403);
        assertThat(post("/mcp", token, "null").statusCode()).isEqualTo(403);
        assertThat(post("/sse", token, "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(post("/mcp", token, "http://localhost:6274").statusCode()).isEqualTo(200);
        assertThat(post("/mcp", token, "http://127.0.0.1:6274").statusCode()).isEqualTo(200);
        assertThat(post("/mcp", token, "https://app.example.com").statusCode()).as("configured origin").isEqualTo(200);
    }

    @Test
    void aForeignHostGets403() throws Exception {
        String token = token(Optional.empty());
        assertThat(rawStatus("evil.example:" + server.port(), token)).isEqualTo(403);
        assertThat(rawStatus("127.0.0.1.nip.io:" + server.port(), token)).isEqualTo(403);
        assertThat(rawStatus("localhost:" + server.port(), token)).isEqualTo(200);
        assertThat(rawStatus("[::1]:" + server.port(), token)).isEqualTo(200);
    }

    /** HTTP/1.1 by hand, because java.net.http will not send a chosen Host header. */
    private static int rawStatus(String host, String token) throws Exception {
        URI base = server.baseUri();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
            String head = "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
