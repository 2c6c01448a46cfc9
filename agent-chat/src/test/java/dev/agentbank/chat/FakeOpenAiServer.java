package dev.agentbank.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat completions endpoint on a free loopback port that answers from a script: each
 * request to {@code /chat/completions} takes the next scripted reply. Every request body is kept for assertions.
 */
final class FakeOpenAiServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted reply. {@code build} turns the requests so far into the body, so arguments can refer to earlier results. */
    record Scripted(long delayMillis, int status, boolean dropConnection, Function<Integer, String> body) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-openai");
        thread.setDaemon(true);
        return thread;
    });
    private final ConcurrentLinkedDeque<Scripted> script = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void enqueue(Scripted reply) {
        script.addLast(reply);
    }

    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    int unusedReplies() {
        return script.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            int index;
            synchronized (requests) {
                requests.add(request);
                index = requests.size() - 1;
            }
            Scripted reply = script.pollFirst();
            if (reply == null) {
                problems.add("model request #" + index + " had no scripted reply");
                respond(exchange, 500, "{\"error\":{\"message\":\"no scripted reply\",\"type\":\"server_error\"}}");
                return;
            }
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
            if (reply.dropConnection()) {
                return; // closes the exchange without a response
            }
            if (reply.status() != 200) {
                respond(exchange, reply.status(), "{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
                return;
            }
            respond(exchange, 200, reply.body().apply(index));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (a scripted timeout); nothing to answer
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A completion asking for tool calls: each entry is name and JSON arguments text. */
    static String toolCallsBody(String idPrefix, List<String[]> calls) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant").putNull("content");
        ArrayNode toolCalls = message.putArray("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            ObjectNode call = toolCalls.addObject().put("id", idPrefix + "_" + i).put("type", "function");
            call.putObject("function").put("name", calls.get(i)[0]).put("arguments", calls.get(i)[1]);
        }
        return completion(message, "tool_calls");
    }

    static String textBody(String text) {
        return completion(JSON.createObjectNode().put("role", "assistant").put("content", text), "stop");
    }

    private static String completion(ObjectNode message, String finishReason) {
        ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                .put("created", 1).put("model", "scripted");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
        choice.set("message", message);
        root.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
        return root.toString();
    }

    static List<String> messageTexts(JsonNode request, String role) {
        List<String> texts = new ArrayList<>();
        for (JsonNode message : request.path("messages")) {
            if (role == null || role.equals(message.path("role").asText())) {
                JsonNode content = message.path("content");
                texts.add(content.isTextual() ? content.asText() : content.toString());
            }
        }
        return texts;
    }

    static List<String> offeredTools(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(tool -> names.add(tool.path("function").path("name").asText()));
        return names;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
