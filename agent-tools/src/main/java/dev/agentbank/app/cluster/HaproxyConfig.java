package dev.agentbank.app.cluster;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The HAProxy configuration in front of several {@code ./bank mcp --http} instances.
 *
 * <p>Two backends over the same instances, because the two MCP transports carry their session differently:
 * <ul>
 *   <li>Streamable HTTP ({@code /mcp}, and the dashboard): the server names the session in the {@code Mcp-Session-Id}
 *   response header and the client repeats it on every request, so a stick table learns it from the response and routes
 *   by it; a new session goes round robin. Browsers on the dashboard stick by an inserted cookie.</li>
 *   <li>Legacy SSE ({@code GET /sse}, then {@code POST /message?sessionId=...}): the session id travels only in the
 *   body of the SSE stream, which HAProxy does not read, so the stream and its messages are kept together by hashing the
 *   {@code Authorization} header (one principal, one instance); consistent hashing moves only the principals of an
 *   instance that goes down.</li>
 * </ul>
 * An instance that fails its health check or refuses connections is skipped ({@code option redispatch}); a session it held
 * is then unknown elsewhere (404) and the client starts a new one, as the MCP specification asks.
 */
public record HaproxyConfig(String bindHost, int port, List<Server> servers, HealthCheck check) {
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/-]*");

    /** One instance behind the balancer. */
    public record Server(String name, String host, int port) {
        public Server {
            if (!name.matches("[a-z][a-z0-9-]{0,30}") || port < 1 || port > 65_535) {
                throw new IllegalArgumentException("a server needs a short lower-case name and a port from 1 to 65535");
            }
        }
    }

    /** How HAProxy decides an instance may take requests. */
    public sealed interface HealthCheck {
        /** {@code GET path} must answer 200. */
        record Http(String path) implements HealthCheck {
            public Http {
                if (path == null || !PATH.matcher(path).matches()) {
                    throw new IllegalArgumentException("the health check path must look like /readyz");
                }
            }
        }

        /** The port accepts connections; for builds without a readiness endpoint. */
        record Tcp() implements HealthCheck {}

        /** {@code tcp} or a path such as {@code /readyz}. */
        static HealthCheck parse(String text) {
            String value = text == null ? "" : text.strip();
            return value.equalsIgnoreCase("tcp") ? new Tcp() : new Http(value);
        }

        default String describe() {
            return switch (this) {
                case Http http -> "GET " + http.path() + " must answer 200";
                case Tcp tcp -> "the port accepts connections";
            };
        }
    }

    public HaproxyConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        servers = List.copyOf(servers);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("at least one instance is needed");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the balancer's port must be from 1 to 65535");
        }
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("""
                # Written by ./bank cluster on every start; edits are lost.
                global
                    maxconn 4096

                defaults
                    mode http
                    timeout connect 2s
                    # SSE streams and Streamable HTTP GET streams stay open between events
                    timeout client 10m
                    timeout server 10m
                    timeout http-request 30s
                    timeout queue 15s
                    # a refused connection (instance gone) is retried, on another instance the second time
                    retries 2
                    option redispatch 1
                    # instances see the client's address, so /metrics never takes a proxied request for a local one
                    option forwardfor

                frontend mcp
                """);
        out.append("    bind ").append(bindHost).append(':').append(port).append('\n');
        out.append("""
                    acl legacy_sse path /sse
                    acl legacy_sse path_beg /message
                    use_backend legacy-sse if legacy_sse
                    default_backend streamable

                backend streamable
                    balance roundrobin
                    # Streamable HTTP: the session id the instance hands out routes every later request of that session
                    stick-table type string len 64 size 100k expire 30m
                    stick store-response res.hdr(Mcp-Session-Id)
                    stick match req.hdr(Mcp-Session-Id)
                    # the dashboard's browsers keep to the instance that holds their sign-in
                    cookie agentbank_instance insert indirect nocache httponly
                """);
        appendCheck(out);
        for (Server server : servers) {
            out.append("    server ").append(server.name()).append(' ').append(server.host()).append(':').append(server.port())
                    .append(" check cookie ").append(server.name()).append('\n');
        }
        out.append("""

                backend legacy-sse
                    # Legacy SSE: the stream and its POST /message requests carry the same bearer token
                    balance hdr(Authorization)
                    hash-type consistent
                """);
        appendCheck(out);
        for (Server server : servers) {
            out.append("    server ").append(server.name()).append(' ').append(server.host()).append(':').append(server.port())
                    .append(" check\n");
        }
        return out.toString();
    }

    private void appendCheck(StringBuilder out) {
        out.append("    default-server inter 1s fall 2 rise 1\n");
        if (check instanceof HealthCheck.Http http) {
            out.append("    option httpchk\n");
            // HTTP/1.1 with a loopback Host: the instances refuse other Host headers
            out.append("    http-check send meth GET uri ").append(http.path()).append(" ver HTTP/1.1 hdr Host 127.0.0.1\n");
            out.append("    http-check expect status 200\n");
        }
    }
}
