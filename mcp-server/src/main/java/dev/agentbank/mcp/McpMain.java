package dev.agentbank.mcp;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.app.SessionPrincipal;
import dev.agentbank.app.cli.BankCli;
import dev.agentbank.app.demo.DemoData;
import dev.agentbank.config.BankConfig;
import dev.agentbank.config.ConfigException;
import dev.agentbank.config.DrainConfig;
import dev.agentbank.config.McpConfig;
import dev.agentbank.config.Settings;
import dev.agentbank.identity.Principal;
import dev.agentbank.tools.ToolBox;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./bank mcp}: the bank as an MCP server. Without options it speaks stdio (stdout carries protocol
 * messages only, every log line goes to stderr); with {@code --http} it serves Streamable HTTP at /mcp and
 * legacy SSE at /sse on loopback, behind bearer tokens.
 */
@Command(name = "bank mcp", mixinStandardHelpOptions = true, version = "agentbank " + BankMcpServer.VERSION,
        description = {"Serve the bank's tools over MCP.",
                "stdio (default): the principal comes from BANK_TOKEN; with demo data on and no token, the first demo customer.",
                "--http: Streamable HTTP at /mcp and legacy SSE at /sse; every request needs Authorization: Bearer <token>."})
public final class McpMain implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(McpMain.class);
    static final String APPLICATION = "agentbank-mcp";

    @Option(names = "--http", description = "Serve Streamable HTTP and legacy SSE instead of stdio.")
    boolean http;

    @Option(names = "--host", description = "Interface to bind with --http (default BANK_MCP_HOST or 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port with --http; 0 picks a free one (default BANK_MCP_PORT or 8080).")
    Integer port;

    private final Map<String, String> environment;
    private final PrintStream protocolOut;

    McpMain(Map<String, String> environment, PrintStream protocolOut) {
        this.environment = environment;
        this.protocolOut = protocolOut;
    }

    public static void main(String[] args) {
        // stdout belongs to the protocol: anything else that prints to System.out lands on stderr instead.
        PrintStream protocolOut = System.out;
        System.setOut(System.err);
        System.exit(run(protocolOut, args));
    }

    static int run(PrintStream protocolOut, String... args) {
        CommandLine commandLine = new CommandLine(new McpMain(System.getenv(), protocolOut));
        commandLine.setOut(new java.io.PrintWriter(System.err, true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                System.err.println("bank mcp: " + e.getMessage());
                return 2;
            }
            log.debug("mcp server failed", e);
            System.err.println("bank mcp: " + BankCli.describe(e) + " (set BANK_LOG_LEVEL=DEBUG for details)");
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        Settings settings = Settings.fromEnvironment(environment);
        BankConfig bankConfig = BankConfig.from(settings);
        McpConfig mcpConfig = McpConfig.from(settings);
        String bindHost = host == null ? mcpConfig.host() : host.strip();
        int bindPort = port == null ? mcpConfig.port() : port;
        if (bindPort < 0 || bindPort > 65_535) {
            throw new ConfigException("--port must be from 0 to 65535");
        }
        BankRuntime runtime = BankRuntime.open(bankConfig, APPLICATION).runBackgroundJobs();
        try {
            ToolBox toolBox = runtime.toolBox();
            if (http) {
                if (bankConfig.database().embedded() && mcpConfig.demoData()) {
                    new DemoData(runtime).seedIfEmpty();
                }
                return serveHttp(runtime, toolBox, mcpConfig, DrainConfig.from(settings), bindHost, bindPort);
            }
            return serveStdio(runtime, toolBox, SessionPrincipal.resolve(runtime, mcpConfig.token(), mcpConfig.demoData(),
                    bankConfig.database().embedded()));
        } catch (RuntimeException | Error e) {
            runtime.close();
            throw e;
        }
    }

    private int serveStdio(BankRuntime runtime, ToolBox toolBox, Principal principal) throws InterruptedException {
        StdioRequests requests = new StdioRequests();
        StdioServerTransportProvider transport = new StdioServerTransportProvider(
                BankMcpServer.jsonMapper(), requests.watch(System.in), requests.watch(protocolOut));
        InFlight inFlight = new InFlight();
        McpSyncServer server = BankMcpServer.build(McpServer.sync(transport), runtime, toolBox, "mcp-stdio",
                PrincipalResolver.fixed(principal), inFlight);
        Runnable stop = once(() -> {
            server.closeGracefully();
            runtime.close();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mcp-stdio-stop"));
        log.info("serving MCP over stdio as {}", principal.encoded());
        // A client may send everything and close stdin at once: every request read is answered before stopping.
        if (!requests.awaitEnd()) {
            log.warn("stdin closed; stopping with requests still unanswered after {}", StdioRequests.ANSWER_WAIT);
        } else {
            log.info("stdin closed; stopping");
        }
        inFlight.awaitIdle(java.time.Duration.ofSeconds(10));
        stop.run();
        return 0;
    }

    private int serveHttp(BankRuntime runtime, ToolBox toolBox, McpConfig config, DrainConfig drain, String bindHost,
                          int bindPort) throws InterruptedException {
        McpHttpServer server = McpHttpServer.start(runtime, toolBox, bindHost, bindPort, config.allowedOrigins());
        // SIGTERM: not ready, then no new calls, then the calls under way answer; only then do the servers and the database close.
        Runnable stop = once(() -> {
            log.info("stopping");
            try {
                server.drain(drain.grace(), drain.limit());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
            runtime.close();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mcp-http-stop"));
        if (!McpConfig.isLoopback(bindHost)) {
            log.warn("listening on {}, which is not loopback: every request still needs a bearer token", bindHost);
        }
        log.info("listening on {}{} (Streamable HTTP) and {}{} (legacy SSE)", server.baseUri(), McpHttpServer.MCP_ENDPOINT,
                server.baseUri(), McpHttpServer.SSE_ENDPOINT);
        System.err.println("fraud dashboard: " + server.dashboardUri()
                + "  (sign in with an analyst token: ./bank tokens create --role analyst)");
        server.join();
        stop.run();
        return 0;
    }

    private static Runnable once(Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }
}
