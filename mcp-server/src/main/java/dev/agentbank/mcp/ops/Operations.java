package dev.agentbank.mcp.ops;

import dev.agentbank.app.BankRuntime;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.agentbank.mcp.HttpGate;
import dev.agentbank.mcp.InFlight;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * What one HTTP instance offers the people and machines running it: /healthz, /readyz and /metrics, the tool-call
 * count the metrics and the drain share, and the drain itself.
 */
public final class Operations implements AutoCloseable {
    private final Metrics metrics;
    private final InFlight toolCalls;
    private final Drain drain;
    private final Readiness readiness;

    private Operations(BankRuntime runtime) {
        this.metrics = new Metrics(runtime);
        this.toolCalls = new InFlight(metrics);
        this.drain = new Drain(toolCalls);
        this.readiness = Readiness.of(runtime.database(), drain::draining);
        metrics.watch(toolCalls, drain);
    }

    public static Operations of(BankRuntime runtime) {
        return new Operations(runtime);
    }

    /** The tool calls of every transport of this instance: counted for the drain, measured for the metrics. */
    public InFlight toolCalls() {
        return toolCalls;
    }

    /**
     * Puts the drain in front of every other filter (it refuses new requests before any token is looked up) and mounts
     * the three endpoints.
     */
    public void mount(ServletContextHandler context) {
        FilterHolder gate = new FilterHolder(drain);
        gate.setName("ops-drain");
        gate.setAsyncSupported(true);
        context.getServletHandler().prependFilter(gate);
        context.getServletHandler().prependFilterMapping(mapping(gate));
        context.addServlet(new ServletHolder("ops-health", new Health()), OpsPaths.HEALTH);
        context.addServlet(new ServletHolder("ops-ready", new ReadyServlet(readiness)), OpsPaths.READY);
        context.addServlet(new ServletHolder("ops-metrics", new MetricsServlet(metrics)), OpsPaths.METRICS);
    }

    private static org.eclipse.jetty.ee10.servlet.FilterMapping mapping(FilterHolder holder) {
        org.eclipse.jetty.ee10.servlet.FilterMapping mapping = new org.eclipse.jetty.ee10.servlet.FilterMapping();
        mapping.setFilterName(holder.getName());
        mapping.setPathSpec("/*");
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        return mapping;
    }

    /** See {@link Drain#drain}. */
    public boolean drain(Duration grace, Duration limit) throws InterruptedException {
        return drain.drain(grace, limit);
    }

    public boolean draining() {
        return drain.draining();
    }

    @Override
    public void close() {
        readiness.close();
        metrics.close();
    }

    private static final class ReadyServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Readiness readiness;

        ReadyServlet(Readiness readiness) {
            this.readiness = readiness;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Readiness.Verdict verdict = readiness.check();
            Json.write(response, verdict.ready() ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE, verdict.json());
        }
    }

    /** From this machine, anyone (the gate let it through without a token); from elsewhere, an analyst's token. */
    private static final class MetricsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Metrics metrics;

        MetricsServlet(Metrics metrics) {
            this.metrics = metrics;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!OpsPaths.fromLoopback(request)
                    && !(request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE) instanceof Principal who && who.may(Capability.TRIAGE_ALERTS))) {
                Json.write(response, HttpServletResponse.SC_FORBIDDEN, "{\"error\":\"Metrics are for analysts' tokens, or for this machine.\"}");
                return;
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setHeader("Cache-Control", "no-store");
            response.setContentType(Metrics.CONTENT_TYPE);
            metrics.scrape(response.getOutputStream());
        }
    }
}
