package dev.agentbank.mcp.ops;

import dev.agentbank.mcp.InFlight;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping without losing an answered-to call. First in front of everything: it counts the requests under way and,
 * once refusing, answers new ones 503 with Retry-After (the operations endpoints excepted). {@link #drain} turns the
 * instance not ready, waits out the grace a load balancer needs to notice, refuses new requests, then waits for the
 * ones under way. Both MCP transports handle a POST (a tool call included) within the request, so a POST that got
 * past this filter is a call to wait for. GETs are the long-lived event streams: not waited for, since the SSE ones
 * carry the answers of calls still running and close with the servers.
 */
public final class Drain implements Filter {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private enum State { SERVING, DRAINING, REFUSING }

    private final InFlight toolCalls;
    private volatile State state = State.SERVING;
    private final Object lock = new Object();
    private int requests; // guarded by lock

    public Drain(InFlight toolCalls) {
        this.toolCalls = toolCalls;
    }

    /** True from the first moment of a drain: /readyz says so. */
    public boolean draining() {
        return state != State.SERVING;
    }

    /** POSTs (and other non-GET requests) under way. */
    public int requests() {
        synchronized (lock) {
            return requests;
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        if (OpsPaths.isOps(request)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        boolean counted = !"GET".equals(request.getMethod());
        // Counted before the state is read: a drain that sees no request under way has made every later one refuse.
        if (counted) {
            enter();
        }
        try {
            if (state == State.REFUSING) {
                HttpServletResponse response = (HttpServletResponse) servletResponse;
                response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
                response.setHeader("Connection", "close");
                Json.write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "{\"error\":\"This instance is shutting down; retry, another instance will answer.\"}");
                return;
            }
            chain.doFilter(servletRequest, servletResponse);
        } finally {
            if (counted) {
                exit();
            }
        }
    }

    /**
     * Not ready at once; refuses new requests after {@code grace}; then waits at most {@code limit} for the requests and
     * tool calls under way. True when all of them finished.
     */
    public boolean drain(Duration grace, Duration limit) throws InterruptedException {
        if (state != State.SERVING) {
            return awaitIdle(limit);
        }
        state = State.DRAINING;
        log.info("draining: not ready now, refusing new requests in {} s", grace.toSeconds());
        if (!grace.isZero()) {
            Thread.sleep(grace.toMillis());
        }
        state = State.REFUSING;
        boolean idle = awaitIdle(limit);
        if (idle) {
            log.info("drained: every call under way has answered");
        } else {
            log.warn("drain: {} requests and {} tool calls still under way after {} s; stopping anyway",
                    requests(), toolCalls.running(), limit.toSeconds());
        }
        return idle;
    }

    private boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (requests > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
        // a call started by a request that has just ended (none today; cheap to be sure)
        return toolCalls.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    private void enter() {
        synchronized (lock) {
            requests++;
        }
    }

    private void exit() {
        synchronized (lock) {
            requests--;
            lock.notifyAll();
        }
    }
}
