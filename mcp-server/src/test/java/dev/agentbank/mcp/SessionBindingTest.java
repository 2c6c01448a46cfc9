package dev.agentbank.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.testing.TestBank;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session belongs to the principal whose token opened it: another principal naming it gets what an unknown session
 * gets, on Streamable HTTP and on legacy SSE, while the owner (with any of its tokens) goes on. Real server, raw HTTP.
 */
class SessionBindingTest {
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"binding-test","version":"1"}}}""";
    private static final String INITIALIZED = """
            {"jsonrpc":"2.0","method":"notifications/initialized"}""";
    private static final String LIST_TOOLS = """
            {"jsonrpc":"2.0","id":2,"method":"tools/list"}""";
    private static final Actor TELLER = Actor.of("teller", "binding");
    private static TestBank bank;
    private static McpHttpServer server;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static String ann;
    private static String annAgain;
    private static String bob;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        Principal annPrincipal = new Principal.CustomerPrincipal(bank.customer());
        ann = bank.runtime().tokens().create(TELLER, annPrincipal, Optional.empty()).token();
        annAgain = bank.runtime().tokens().create(TELLER, annPrincipal, Optional.empty()).token();
        bob = bank.runtime().tokens().create(TELLER, new Principal.CustomerPrincipal(bank.customer()), Optional.empty()).token();
        server = McpHttpServer.start(bank.runtime(), bank.runtime().toolBox(), "127.0.0.1", 0, List.of());
    }

    @AfterAll
    static void stop() {
        server.close();
        bank.close();
    }

    private static HttpRequest.Builder request(String path, String token, String sessionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, text/event-stream");
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        return request;
    }

    private static HttpResponse<String> post(String path, String token, String sessionId, String body) throws Exception {
        return http.send(request(path, token, sessionId).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRequestTheTransportRefusesGetsItsErrorWithoutAJavaStackTrace() throws Exception {
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/mcp"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ann)
                .header("Accept", "text/plain")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("Accept").doesNotContain("stackTrace").doesNotContain("io.modelcontextprotocol");
    }

    private static HttpResponse<String> get(String token, String sessionId) throws Exception {
        return http.send(request("/mcp", token, sessionId).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String token, String sessionId) throws Exception {
        return http.send(request("/mcp", token, sessionId).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a Streamable session for this token and returns its id. */
    private static String streamableSession(String token) throws Exception {
        HttpResponse<String> initialized = post("/mcp", token, null, INITIALIZE);
        assertThat(initialized.statusCode()).isEqualTo(200);
        String sessionId = initialized.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post("/mcp", token, sessionId, INITIALIZED).statusCode()).isEqualTo(202);
        return sessionId;
    }

    private static void assertSameAnswer(HttpResponse<String> refused, HttpResponse<String> unknown, String sessionId, String unknownId) {
        assertThat(refused.statusCode()).isEqualTo(404).isEqualTo(unknown.statusCode());
        assertThat(refused.body()).isEqualTo(unknown.body().replace(unknownId, sessionId));
        assertThat(refused.headers().firstValue("Content-Type")).isEqualTo(unknown.headers().firstValue("Content-Type"));
        assertThat(refused.body()).doesNotContain("stackTrace").doesNotContain("SessionOwners");
    }

    @Test
    void anotherPrincipalOnAStreamableSessionGetsWhatAnUnknownSessionGets() throws Exception {
        String annSession = streamableSession(ann);
        String unknown = UUID.randomUUID().toString();

        assertSameAnswer(post("/mcp", bob, annSession, LIST_TOOLS), post("/mcp", bob, unknown, LIST_TOOLS), annSession, unknown);
        assertThat(post("/mcp", bob, annSession, LIST_TOOLS).body())
                .isEqualTo("{\"code\":-32603,\"message\":\"Session not found: " + annSession + "\"}");
        assertSameAnswer(get(bob, annSession), get(bob, unknown), annSession, unknown);
        assertSameAnswer(delete(bob, annSession), delete(bob, unknown), annSession, unknown);

        HttpResponse<String> annGoesOn = post("/mcp", ann, annSession, LIST_TOOLS);
        assertThat(annGoesOn.statusCode()).isEqualTo(200);
        assertThat(annGoesOn.body()).contains("\"get_balance\"");
    }

    @Test
    void anotherTokenOfTheSamePrincipalMayUseTheSession() throws Exception {
        String annSession = streamableSession(ann);

        HttpResponse<String> sameCustomer = post("/mcp", annAgain, annSession, LIST_TOOLS);
        assertThat(sameCustomer.statusCode()).isEqualTo(200);
        assertThat(sameCustomer.body()).contains("\"get_balance\"");
    }

    @Test
    void endingAStreamableSessionForgetsItsOwner() throws Exception {
        int before = server.boundSessions();
        String annSession = streamableSession(ann);
        assertThat(server.boundSessions()).isEqualTo(before + 1);

        assertThat(delete(ann, annSession).statusCode()).isEqualTo(200);

        assertThat(server.boundSessions()).isEqualTo(before);
        assertThat(post("/mcp", ann, annSession, LIST_TOOLS).statusCode()).isEqualTo(404);
    }

    @Test
    void anotherPrincipalOnAnSseSessionGetsWhatAnUnknownSessionGets() throws Exception {
        int before = server.boundSessions();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/sse"))
                .header("Authorization", "Bearer " + ann).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        Iterator<String> lines = stream.body().iterator();
        String endpoint = dataOf(lines, "endpoint");
        String annSession = endpoint.substring(endpoint.indexOf("sessionId=") + "sessionId=".length());
        String unknown = UUID.randomUUID().toString();
        assertThat(server.boundSessions()).isEqualTo(before + 1);

        assertSameAnswer(post("/message?sessionId=" + annSession, bob, null, INITIALIZE),
                post("/message?sessionId=" + unknown, bob, null, INITIALIZE), annSession, unknown);
        assertThat(post("/message?sessionId=" + annSession, bob, null, INITIALIZE).body()).contains("Session not found: " + annSession);

        assertThat(post(endpoint, ann, null, INITIALIZE).statusCode()).isEqualTo(200);
        assertThat(dataOf(lines, "message")).contains("\"serverInfo\"");
        assertThat(post(endpoint, annAgain, null, INITIALIZED).statusCode()).as("same principal, other token").isEqualTo(200);
        stream.body().close();
    }

    @Test
    void closingAnSseStreamForgetsItsOwner() throws Exception {
        int before = server.boundSessions();
        HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/sse"))
                .header("Authorization", "Bearer " + ann).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        dataOf(stream.body().iterator(), "endpoint");
        assertThat(server.boundSessions()).isEqualTo(before + 1);

        stream.body().close();

        // the server notices a departed client when its next keep-alive ping fails (every 20 s)
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (server.boundSessions() > before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(server.boundSessions()).isEqualTo(before);
    }

    /** The data line of the next event of this type on an SSE stream. */
    private static String dataOf(Iterator<String> lines, String event) {
        boolean inEvent = false;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.equals("event: " + event)) {
                inEvent = true;
            } else if (inEvent && line.startsWith("data: ")) {
                return line.substring("data: ".length()).strip();
            }
        }
        throw new AssertionError("the stream ended before a " + event + " event");
    }
}
