package dev.agentbank.mcp;

import dev.agentbank.identity.Principal;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each MCP session belongs to the principal whose bearer token opened it; a request naming a session that is not the
 * caller's gets the very answer an unknown session gets (404, the SDK's status and error), so a session id learnt by
 * someone else is worth nothing and does not even show that it exists. Any token of the same principal may use the session: the
 * binding is to who acts, not to the token. Streamable HTTP sessions are bound when the initialize response sets the
 * {@code Mcp-Session-Id} header, legacy SSE sessions when the {@code endpoint} event on {@code GET /sse} names the id.
 * A binding goes when its session ends: DELETE, the SSE stream closing, or (Streamable) idle beyond the SDK's own
 * session sweep. Runs after {@link HttpGate}, which names the principal.
 */
final class SessionOwners implements Filter {
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final McpJsonMapper json;
    private final Duration idleLimit;
    private final Clock clock;
    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private volatile Instant lastSweep;

    /** @param idleLimit how long an idle Streamable session may live at most, by the SDK's sweeper */
    SessionOwners(McpJsonMapper json, Duration idleLimit, Clock clock) {
        this.json = json;
        this.idleLimit = idleLimit;
        this.clock = clock;
        this.lastSweep = clock.instant();
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (!(request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE) instanceof Principal who)) {
            chain.doFilter(request, response);
            return;
        }
        switch (request.getServletPath()) {
            case McpHttpServer.MCP_ENDPOINT -> streamable(request, response, chain, who);
            case McpHttpServer.SSE_ENDPOINT -> sseStream(request, response, chain, who);
            case McpHttpServer.SSE_MESSAGE_ENDPOINT -> sseMessage(request, response, chain, who);
            default -> chain.doFilter(request, response);
        }
    }

    private void streamable(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Principal who)
            throws IOException, ServletException {
        String method = request.getMethod();
        String sessionId = request.getHeader(HttpHeaders.MCP_SESSION_ID);
        if (sessionId == null || sessionId.isBlank()) {
            // an initialize, or a request the SDK refuses for want of a session: bind whatever session it opens
            chain.doFilter(request, new SessionIdWatch.OnHeader(response, id -> bind(id, who, true)));
            return;
        }
        boolean checked = method.equals("POST") || method.equals("GET") || method.equals("DELETE");
        if (checked && !ownedBy(sessionId, who)) {
            if (method.equals("POST")) {
                sessionNotFound(response, sessionId);
            } else {
                response.sendError(HttpServletResponse.SC_NOT_FOUND); // as the SDK answers GET and DELETE
            }
            return;
        }
        chain.doFilter(request, response);
        if (method.equals("DELETE") && response.getStatus() == HttpServletResponse.SC_OK) {
            owners.remove(sessionId);
        }
    }

    private void sseStream(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Principal who)
            throws IOException, ServletException {
        if (!request.getMethod().equals("GET")) {
            chain.doFilter(request, response);
            return;
        }
        SessionIdWatch.OnSseEndpoint watch = new SessionIdWatch.OnSseEndpoint(response, id -> bind(id, who, false));
        chain.doFilter(request, watch);
        String sessionId = watch.sessionId();
        if (sessionId == null) {
            return;
        }
        if (!request.isAsyncStarted()) {
            owners.remove(sessionId);
            return;
        }
        request.getAsyncContext().addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                owners.remove(sessionId);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                owners.remove(sessionId);
            }

            @Override
            public void onError(AsyncEvent event) {
                owners.remove(sessionId);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // the stream goes on
            }
        });
    }

    private void sseMessage(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Principal who)
            throws IOException, ServletException {
        // read the id as the SDK reads it, so both agree on which session a request names
        String sessionId = request.getParameter("sessionId");
        if (sessionId != null && request.getMethod().equals("POST") && !ownedBy(sessionId, who)) {
            sessionNotFound(response, sessionId);
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * Unknown, ended or someone else's: all are answered here, the same way, so they look the same from outside. Every
     * session the SDK opens was bound on its way out, so an unbound id is one the SDK does not know either.
     */
    private boolean ownedBy(String sessionId, Principal who) {
        Owner owner = owners.get(sessionId);
        Instant now = clock.instant();
        if (owner == null || owner.expired(now, idleLimit)) {
            return false;
        }
        if (!owner.principal.equals(who.encoded())) {
            return false;
        }
        owner.lastSeen = now;
        return true;
    }

    private void bind(String sessionId, Principal who, boolean expires) {
        Instant now = clock.instant();
        owners.put(sessionId, new Owner(who.encoded(), expires, now));
        if (Duration.between(lastSweep, now).compareTo(SWEEP_EVERY) >= 0) {
            lastSweep = now;
            owners.values().removeIf(owner -> owner.expired(now, idleLimit));
        }
    }

    /** Sessions bound now. */
    int bound() {
        return owners.size();
    }

    /**
     * The SDK's answer to a POST naming an unknown session (404, its JSON-RPC error), for unknown and foreign sessions
     * alike. The SDK would write the whole McpError exception, Java stack trace included; only its error object goes.
     */
    private void sessionNotFound(HttpServletResponse response, String sessionId) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        PrintWriter writer = response.getWriter();
        writer.write(json.writeValueAsString(McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                .message("Session not found: " + sessionId).build().getJsonRpcError()));
        writer.flush();
    }

    private static final class Owner {
        final String principal;
        final boolean expires;
        volatile Instant lastSeen;

        Owner(String principal, boolean expires, Instant lastSeen) {
            this.principal = principal;
            this.expires = expires;
            this.lastSeen = lastSeen;
        }

        /** Only Streamable sessions expire when idle; an SSE session lives as long as its stream. */
        boolean expired(Instant now, Duration idleLimit) {
            return expires && Duration.between(lastSeen, now).compareTo(idleLimit) > 0;
        }
    }
}
