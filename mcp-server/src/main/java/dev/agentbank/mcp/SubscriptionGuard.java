package dev.agentbank.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Only analysts may subscribe to resources: the only subscribable one is the alert queue, and the SDK records any
 * session's subscription without asking who it is. A customer told "something changed" the moment their payment
 * raised an alert would be tipped off. Other principals' {@code resources/subscribe} gets the answer a missing
 * resource gets; everything else passes through untouched. Runs after {@link HttpGate}, which names the principal.
 */
final class SubscriptionGuard implements Filter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LARGEST_BODY = 1 << 20;

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        Object principal = request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE);
        if (!"POST".equals(request.getMethod()) || !(principal instanceof Principal who) || who.may(Capability.TRIAGE_ALERTS)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        byte[] body = request.getInputStream().readNBytes(LARGEST_BODY + 1);
        JsonNode subscribe = subscription(body);
        if (subscribe == null) {
            chain.doFilter(new Replayed(request, body), servletResponse);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (McpHttpServer.MCP_ENDPOINT.equals(request.getServletPath())) {
            // Streamable HTTP answers in the response: the JSON-RPC error the SDK gives an unknown resource
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":" + subscribe.path("id") + ",\"error\":{\"code\":-32002,"
                    + "\"message\":\"Resource not found\"}}");
            return;
        }
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"Resource not found\"}");
    }

    /** The {@code resources/subscribe} request in this body, or null; a body that is not JSON is the transport's to refuse. */
    private static JsonNode subscription(byte[] body) {
        // every tool call passes here: parse only a body that could be a subscription
        if (body.length > LARGEST_BODY || !new String(body, StandardCharsets.UTF_8).contains("resources/subscribe")) {
            return null;
        }
        try {
            JsonNode message = JSON.readTree(body);
            if (message == null) {
                return null;
            }
            for (JsonNode one : message.isArray() ? message : JSON.createArrayNode().add(message)) {
                if ("resources/subscribe".equals(one.path("method").asText())) {
                    return one;
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The request with its body read once here and again by the transport. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? StandardCharsets.UTF_8.name() : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), java.nio.charset.Charset.forName(encoding)));
        }
    }
}
