package dev.agentbank.mcp;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.config.RateLimitConfig;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.mcp.ops.Operations;
import dev.agentbank.mcp.web.Dashboard;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletMapping;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty 12 serving the bank over Streamable HTTP at {@code /mcp}, stateless Streamable HTTP at {@code /mcp/stateless}
 * (tools only, one JSON answer per POST, no session) and legacy SSE at {@code /sse} (messages to {@code /message}), all
 * behind {@link HttpGate}. Each transport has its own MCP server built from the same
 * ToolBox. The analysts' dashboard is at {@code /dashboard/}.
 */
public final class McpHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(McpHttpServer.class);
    public static final String MCP_ENDPOINT = "/mcp";
    public static final String SSE_ENDPOINT = "/sse";
    public static final String SSE_MESSAGE_ENDPOINT = "/message";
    /** The SDK closes a Streamable session idle for one to two of these; its owner is forgotten after two. */
    static final Duration SESSION_SWEEP = Duration.ofMinutes(30);

    private final Server jetty;
    private final ServerConnector connector;
    private final List<McpSyncServer> servers;
    private final McpStatelessSyncServer stateless;
    private final SessionOwners sessionOwners;
    private final Operations ops;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpHttpServer(Server jetty, ServerConnector connector, List<McpSyncServer> servers, McpStatelessSyncServer stateless,
                          SessionOwners sessionOwners, Operations ops) {
        this.jetty = jetty;
        this.connector = connector;
        this.servers = servers;
        this.stateless = stateless;
        this.sessionOwners = sessionOwners;
        this.ops = ops;
    }

    /** The analysts' dashboard at /dashboard/. */
    private static void mountDashboard(BankRuntime runtime, ServletContextHandler context) {
        new Dashboard(runtime.alertDesk(), runtime.analystActions(), runtime.authenticator(), runtime.clock()).mount(context);
    }

    /** Starts listening on {@code host:port} (port 0 picks a free one). */
    public static McpHttpServer start(BankRuntime runtime, ToolBox toolBox, String host, int port, List<String> allowedOrigins) {
        McpJsonMapper json = BankMcpServer.jsonMapper();
        McpTransportContextExtractor<HttpServletRequest> principalOfRequest = request -> {
            Object principal = request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE);
            if (principal == null) {
                return McpTransportContext.EMPTY;
            }
            String agent = request.getHeader("User-Agent");
            return McpTransportContext.create(agent == null ? Map.of(PrincipalResolver.CONTEXT_KEY, principal)
                    : Map.of(PrincipalResolver.CONTEXT_KEY, principal, StatelessMcp.USER_AGENT, agent));
        };
        HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(MCP_ENDPOINT)
                .contextExtractor(principalOfRequest)
                .keepAliveInterval(Duration.ofSeconds(20))
                .sessionSweepInterval(SESSION_SWEEP)
                .build();
        HttpServletSseServerTransportProvider sse = HttpServletSseServerTransportProvider.builder()
                .jsonMapper(json)
                .sseEndpoint(SSE_ENDPOINT)
                .messageEndpoint(SSE_MESSAGE_ENDPOINT)
                .contextExtractor(principalOfRequest)
                .keepAliveInterval(Duration.ofSeconds(20))
                .build();
        PrincipalResolver principals = PrincipalResolver.fromTransportContext();
        Operations ops = Operations.of(runtime);
        List<McpSyncServer> servers = List.of(
                BankMcpServer.build(McpServer.sync(streamable), runtime, toolBox, "mcp-http", principals, ops.toolCalls()),
                BankMcpServer.build(McpServer.sync(sse), runtime, toolBox, "mcp-sse", principals, ops.toolCalls()));
        HttpServletStatelessServerTransport stateless = StatelessMcp.transport(principalOfRequest);
        McpStatelessSyncServer statelessServer = StatelessMcp.build(stateless, toolBox, principals, ops.toolCalls());

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(host);
        connector.setPort(port);
        jetty.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder gate = new FilterHolder(new HttpGate(runtime.authenticator(), host, allowedOrigins));
        gate.setAsyncSupported(true);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        RateLimitConfig limits = runtime.rateLimits();
        addFilter(context, new RequestLimit(limits.requestsPerSecond(), limits.requestBurst(), Clock.systemUTC()));
        SessionOwners sessionOwners = new SessionOwners(json, SESSION_SWEEP.multipliedBy(2), Clock.systemUTC());
        addFilter(context, sessionOwners);
        FilterHolder subscriptions = new FilterHolder(new SubscriptionGuard());
        subscriptions.setAsyncSupported(true);
        context.addFilter(subscriptions, "/*", EnumSet.of(DispatcherType.REQUEST));

        ServletHolder streamableHolder = new ServletHolder("mcp-streamable", streamable);
        streamableHolder.setAsyncSupported(true);
        context.addServlet(streamableHolder, MCP_ENDPOINT);
        ServletHolder statelessHolder = new ServletHolder("mcp-stateless", stateless);
        statelessHolder.setAsyncSupported(true);
        context.addServlet(statelessHolder, StatelessMcp.ENDPOINT);

        ServletHolder sseHolder = new ServletHolder("mcp-sse", sse);
        sseHolder.setAsyncSupported(true);
        context.getServletHandler().addServlet(sseHolder);
        ServletMapping sseMapping = new ServletMapping();
        sseMapping.setServletName(sseHolder.getName());
        sseMapping.setPathSpecs(new String[] {SSE_ENDPOINT, SSE_MESSAGE_ENDPOINT});
        context.getServletHandler().addServletMapping(sseMapping);

        mountDashboard(runtime, context);
        ops.mount(context); // /healthz, /readyz, /metrics, and the drain in front of every filter

        jetty.setHandler(context);
        McpHttpServer server = new McpHttpServer(jetty, connector, servers, statelessServer, sessionOwners, ops);
        try {
            jetty.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("could not listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return server;
    }

    /** Filters run in the order they are added, each on every request before the servlets. */
    private static void addFilter(ServletContextHandler context, jakarta.servlet.Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    /** Sessions bound to a principal now, over both HTTP transports. */
    int boundSessions() {
        return sessionOwners.bound();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** e.g. {@code http://127.0.0.1:8080}; the endpoints are below it. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** e.g. {@code http://127.0.0.1:8080/dashboard/}. */
    public URI dashboardUri() {
        return baseUri().resolve(Dashboard.PATH + "/");
    }

    /**
     * Before {@link #close} on a planned stop: /readyz turns 503 at once, new requests get 503 after {@code grace},
     * and calls under way get up to {@code limit} to answer. True when every one did.
     */
    public boolean drain(Duration grace, Duration limit) throws InterruptedException {
        return ops.drain(grace, limit);
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (McpSyncServer server : servers) {
            try {
                server.closeGracefully();
            } catch (RuntimeException e) {
                log.debug("closing an MCP server: {}", e.toString());
            }
        }
        try {
            stateless.closeGracefully();
        } catch (RuntimeException e) {
            log.debug("closing the stateless MCP server: {}", e.toString());
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("stopping Jetty: {}", e.toString());
        }
        ops.close();
    }
}
