import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted OpenAI-compatible chat endpoint for .ci/smoke, run as a single-file program with JDK 21+ only:
 * {@code java .ci/FakeOpenAi.java PORTFILE [SECONDS]}. It listens on a free 127.0.0.1 port, writes the port to
 * PORTFILE once it listens, and exits by itself after SECONDS (default 300).
 *
 * <p>A POST to {@code .../chat/completions} whose messages hold no tool result gets a call of {@code list_accounts}
 * with {@code {}}; one that carries the tool's result (a {@code "role":"tool"} message) gets a final text naming the
 * first account number and balance found in that result, so the answer proves the tool really ran. A request that
 * does not offer {@code list_accounts}, or a tool result without an account number, gets an error. Each request is
 * logged on stderr, and its body kept as {@code request-N.json} next to PORTFILE.
 */
public class FakeOpenAi {
    private static final Pattern ACCOUNT = Pattern.compile("AB\\d{10}");
    private static final Pattern BALANCE = Pattern.compile("balance\\\\?\"\\s*:\\s*\\\\?\"?(-?\\d+(?:\\.\\d+)?)");
    private static final String TOOL_MESSAGE = "\"role\"\\s*:\\s*\"tool\"";
    private static final AtomicInteger REQUESTS = new AtomicInteger();
    private static Path requestsDir;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java FakeOpenAi.java PORTFILE [SECONDS]");
            System.exit(2);
        }
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 300;
        Path portFile = Path.of(args[0]).toAbsolutePath();
        requestsDir = portFile.getParent();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", FakeOpenAi::handle);
        server.start();

        Path partial = portFile.resolveSibling(portFile.getFileName() + ".partial");
        Files.writeString(partial, Integer.toString(server.getAddress().getPort()));
        Files.move(partial, portFile, StandardCopyOption.ATOMIC_MOVE); // readers never see half a number
        log("listening on http://127.0.0.1:" + server.getAddress().getPort() + "/v1, for " + seconds + " s");

        Thread.sleep(seconds * 1000);
        log("time is up; exiting");
        server.stop(0);
        System.exit(0);
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = REQUESTS.incrementAndGet();
            Files.writeString(requestsDir.resolve("request-" + n + ".json"), body); // for a failure's diagnosis
            if (!"POST".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
                log("request " + n + ": " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + " -> 404");
                respond(exchange, 404, error("not found"));
                return;
            }
            if (!body.contains("\"list_accounts\"")) {
                log("request " + n + ": list_accounts is not among the offered tools -> 400");
                respond(exchange, 400, error("the request offers no list_accounts tool"));
                return;
            }
            Matcher toolMessage = Pattern.compile(TOOL_MESSAGE).matcher(body);
            if (!toolMessage.find()) {
                log("request " + n + ": no tool result yet -> call list_accounts");
                respond(exchange, 200, toolCall("list_accounts", "{}"));
                return;
            }
            // The tool message's content is the tool result, as a JSON string (so its quotes arrive escaped).
            String toolResult = body.substring(toolMessage.end());
            Matcher account = ACCOUNT.matcher(toolResult);
            if (!account.find()) {
                log("request " + n + ": the tool result names no account -> 500: " + abbreviate(toolResult));
                respond(exchange, 500, error("the tool result names no account"));
                return;
            }
            Matcher balance = BALANCE.matcher(toolResult);
            String answer = "Account " + account.group() + (balance.find() ? " holds " + balance.group(1) + "." : " is yours.");
            log("request " + n + ": tool result seen -> \"" + answer + "\"");
            respond(exchange, 200, text(answer));
        } catch (RuntimeException e) {
            log("request failed: " + e);
        }
    }

    private static String toolCall(String name, String arguments) {
        return completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":" + quote(name) + ",\"arguments\":" + quote(arguments) + "}}]}", "tool_calls");
    }

    private static String text(String content) {
        return completion("{\"role\":\"assistant\",\"content\":" + quote(content) + "}", "stop");
    }

    private static String completion(String message, String finishReason) {
        return "{\"id\":\"chatcmpl-smoke\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"scripted\","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"" + finishReason + "\",\"message\":" + message + "}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    }

    private static String error(String message) {
        return "{\"error\":{\"message\":" + quote(message) + ",\"type\":\"invalid_request_error\"}}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void log(String line) {
        System.err.println("fake-openai: " + line);
    }
}
