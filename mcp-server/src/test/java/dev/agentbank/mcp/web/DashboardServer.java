package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.identity.Authenticator;
import dev.agentbank.mcp.HttpGate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The dashboard on a real Jetty, behind the real {@link HttpGate} as McpHttpServer mounts it, with a stand-in
 * {@code /mcp} that answers 200 to whoever the gate lets through.
 */
final class DashboardServer implements AutoCloseable {
    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);

    DashboardServer(AlertDesk desk, AnalystActions actions, Authenticator tokens, Clock clock) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder gate = new FilterHolder(new HttpGate(tokens, "127.0.0.1", List.of()));
        gate.setAsyncSupported(true);
        context.addFilter(gate, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("mcp-stand-in", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("mcp");
            }
        }), "/mcp");
        new Dashboard(desk, actions, tokens, clock).mount(context);
        jetty.setHandler(context);
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start Jetty for the dashboard", e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    URI dashboard() {
        return base().resolve("/dashboard/");
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
