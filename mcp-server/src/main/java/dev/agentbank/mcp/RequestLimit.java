package dev.agentbank.mcp;

import dev.agentbank.identity.Principal;
import dev.agentbank.tools.TokenBucket;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood of HTTP requests from one principal (any JSON-RPC method, tools/list as much as tools/call) gets 429 with
 * Retry-After before it reaches a transport. Runs after {@link HttpGate}, which names the principal; requests it
 * leaves unnamed (the dashboard) pass. One bucket per principal in this process; a full one is forgotten.
 */
final class RequestLimit implements Filter {
    private static final long SWEEP_EVERY = 4096;

    private final int perSecond;
    private final int burst;
    private final Clock clock;
    private final ConcurrentHashMap<String, TokenBucket> byPrincipal = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    RequestLimit(int perSecond, int burst, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (!(request.getAttribute(HttpGate.PRINCIPAL_ATTRIBUTE) instanceof Principal who)) {
            chain.doFilter(request, response);
            return;
        }
        Instant now = clock.instant();
        Duration[] wait = new Duration[1];
        byPrincipal.compute(who.encoded(), (key, held) -> {
            TokenBucket bucket = held != null ? held : new TokenBucket(burst, perSecond, Duration.ofSeconds(1), now);
            wait[0] = bucket.tryTake(now);
            return bucket;
        });
        if (requests.incrementAndGet() % SWEEP_EVERY == 0) {
            byPrincipal.forEach((key, bucket) -> byPrincipal.computeIfPresent(key, (k, held) -> held.isFull(now) ? null : held));
        }
        if (wait[0].isZero()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = TokenBucket.seconds(wait[0]);
        HttpServletResponse http = (HttpServletResponse) response;
        http.setStatus(429);
        http.setHeader("Retry-After", Long.toString(seconds));
        http.setContentType("application/json");
        http.setCharacterEncoding(StandardCharsets.UTF_8.name());
        http.getWriter().write("{\"error\":\"Too many requests: at most " + perSecond + " a second. Try again in " + seconds
                + (seconds == 1 ? " second." : " seconds.") + "\"}");
    }
}
