package dev.agentbank.mcp;

import dev.agentbank.identity.Authenticator;
import dev.agentbank.identity.Principal;
import dev.agentbank.mcp.ops.OpsPaths;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of every MCP endpoint: rejects foreign {@code Host} and {@code Origin} headers (DNS rebinding, 403),
 * then requires {@code Authorization: Bearer <token>} with a live token (401 otherwise) and hands the token's
 * principal to the transport as a request attribute. The dashboard under {@code /dashboard/} passes the Host check
 * like everything else, then checks origins itself (stricter: its own origin only, and browsers send it "null" under
 * its no-referrer policy) and signs analysts in with its own session cookie, so it needs no bearer header.
 */
public final class HttpGate implements Filter {
    private static final Logger log = LoggerFactory.getLogger(HttpGate.class);
    public static final String PRINCIPAL_ATTRIBUTE = "agentbank.principal";
    static final String CHALLENGE = "Bearer realm=\"agentbank\"";
    /** The servlet path of the dashboard (decoded and normalised by Jetty, so no spelling of another path matches). */
    private static final String DASHBOARD = "/dashboard";
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Authenticator tokens;
    private final Set<String> allowedOrigins;
    private final Set<String> allowedHosts;

    /**
     * @param bindHost       the interface the server listens on; a non-wildcard one is also an allowed Host
     * @param allowedOrigins browser origins allowed besides loopback ones, e.g. {@code https://app.example.com}
     */
    public HttpGate(Authenticator tokens, String bindHost, List<String> allowedOrigins) {
        this.tokens = tokens;
        this.allowedOrigins = new HashSet<>();
        this.allowedHosts = new HashSet<>(LOOPBACK);
        String bind = bindHost.toLowerCase(Locale.ROOT);
        if (!bind.equals("0.0.0.0") && !bind.equals("::") && !bind.equals("[::]")) {
            allowedHosts.add(bind);
        }
        for (String origin : allowedOrigins) {
            String normalized = stripSlash(origin.toLowerCase(Locale.ROOT));
            this.allowedOrigins.add(normalized);
            hostOfOrigin(normalized).ifPresent(allowedHosts::add);
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (OpsPaths.isProbe(request)) { // /healthz, /readyz: probes send no token and often a bare IP as Host
            chain.doFilter(request, response);
            return;
        }
        String host = request.getHeader("Host");
        if (!hostAllowed(host == null ? request.getServerName() : host)) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "This Host is not allowed.", null);
            return;
        }
        if (DASHBOARD.equals(request.getServletPath())) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            reject(response, HttpServletResponse.SC_FORBIDDEN, "This Origin is not allowed.", null);
            return;
        }
        Optional<String> token = bearer(request.getHeader("Authorization"));
        if (token.isEmpty() && OpsPaths.isLocalMetricsScrape(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (token.isEmpty()) {
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "A bearer token is required.", CHALLENGE);
            return;
        }
        Optional<Principal> principal;
        try {
            principal = tokens.authenticate(token.get());
        } catch (RuntimeException e) {
            log.warn("could not check a bearer token: {}", e.toString());
            // the database is away (a restart takes seconds): say when to come back rather than fail the client for good
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            reject(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The bank cannot check tokens right now.", null);
            return;
        }
        if (principal.isEmpty()) {
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "The bearer token is unknown, revoked or expired.",
                    CHALLENGE + ", error=\"invalid_token\"");
            return;
        }
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal.get());
        chain.doFilter(request, response);
    }

    static Optional<String> bearer(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
    }

    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(0, end + 1);
        } else if (host.indexOf(':') >= 0 && host.indexOf(':') == host.lastIndexOf(':')) {
            host = host.substring(0, host.indexOf(':'));
        }
        return allowedHosts.contains(host) || (host.startsWith("[") && allowedHosts.contains(host.substring(1, host.length() - 1)));
    }

    boolean originAllowed(String originHeader) {
        String origin = stripSlash(originHeader.strip().toLowerCase(Locale.ROOT));
        if (allowedOrigins.contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null && LOOPBACK.contains(uri.getHost())
                    && (uri.getPath() == null || uri.getPath().isEmpty());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> hostOfOrigin(String origin) {
        try {
            return Optional.ofNullable(URI.create(origin).getHost());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String stripSlash(String origin) {
        return origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** How long a client should wait before retrying while tokens cannot be checked. */
    static final String RETRY_AFTER_SECONDS = "2";

    private static void reject(HttpServletResponse response, int status, String message, String challenge) throws IOException {
        response.setStatus(status);
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }
}
