package dev.agentbank.shared.http;

import dev.agentbank.config.Secret;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;

/**
 * The HTTP plumbing every client of the retail-banking provider shares (docs/provider-openapi.yaml): one
 * OkHttpClient with the configured timeouts and no retries of its own, the bearer header, and the bounded
 * retry loop.
 *
 * <p>{@link #send} retries only where a retry cannot double an effect: when the request never left (connection
 * failure), and on 429, 502, 503 and 504, waiting for {@code Retry-After} when the provider gives one, else backing
 * off with jitter. Timeouts, broken connections and every other status come back to the caller at once, which
 * decides what they mean for its call. It logs under the caller's logger, so each client's lines keep its name.
 *
 * <p>The bearer token goes into the Authorization header and nowhere else: not into logs, messages or toString.
 */
public final class ProviderHttp implements AutoCloseable {
    /** The longest Retry-After we wait for between two attempts. */
    public static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final HttpUrl base;
    private final Secret token;
    private final OkHttpClient http;
    private final int maxRetries;
    private final Duration backoff;
    private final Clock clock;
    private final Logger log;

    /**
     * {@code backoff} is the first wait between attempts; it doubles (with jitter) up to two seconds. {@code log} is
     * the calling client's logger.
     */
    public ProviderHttp(URI baseUrl, Secret token, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                        int maxRetries, Duration backoff, Clock clock, Logger log) {
        String url = baseUrl.toString();
        HttpUrl parsed = HttpUrl.parse(url.endsWith("/") ? url : url + "/");
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        this.base = parsed;
        this.token = token;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.clock = clock;
        this.log = log;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .callTimeout(callTimeout)
                .followRedirects(false)
                // OkHttp would silently resend a request whose connection broke; the retries here are the only ones.
                .retryOnConnectionFailure(false)
                // Idle connections are dropped before a typical server's idle timeout (30 s for the sandbox's
                // JDK server), so a request rarely lands on a connection the server has already closed.
                .connectionPool(new ConnectionPool(5, 10, TimeUnit.SECONDS))
                .eventListenerFactory(call -> new SentMarker())
                .build();
    }

    /** The provider's base URL (never carries credentials: the configuration refuses them). */
    public HttpUrl base() {
        return base;
    }

    public int maxRetries() {
        return maxRetries;
    }

    /** {@code path} (without a leading slash) under the base URL. */
    public HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    /** A request to {@code url} carrying the bearer token and asking for JSON. */
    public Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + token.value()).header("Accept", "application/json");
    }

    /** What one call came to after its retries. */
    public sealed interface Attempted permits Answer, NoAnswer {}

    /** An HTTP answer with its (size-limited) body. */
    public record Answer(int code, String body) implements Attempted {}

    /** No answer: {@code sent} tells whether the request reached the wire at all, {@code timedOut} whether a timeout ended it. */
    public record NoAnswer(boolean sent, boolean timedOut) implements Attempted {}

    /** Sends {@code request}, retrying as the class comment says; {@code what} names the call in log lines. */
    public Attempted send(Request request, String what) {
        int attempts = maxRetries + 1;
        for (int attempt = 1; ; attempt++) {
            AtomicBoolean sent = new AtomicBoolean();
            Duration wait;
            try (Response response = http.newCall(request.newBuilder().tag(AtomicBoolean.class, sent).build()).execute()) {
                int code = response.code();
                String body = response.peekBody(MAX_BODY_BYTES).string();
                if (!RETRYABLE.contains(code) || attempt == attempts) {
                    log.debug("{} answered HTTP {} (attempt {} of {})", what, code, attempt, attempts);
                    return new Answer(code, body);
                }
                Optional<Duration> retryAfter = retryAfter(response.header("Retry-After"), clock.instant());
                wait = retryAfter.orElse(backoff(attempt));
                log.info("{} answered HTTP {} (attempt {} of {}); retrying in {} ms", what, code, attempt, attempts, wait.toMillis());
            } catch (IOException e) {
                boolean timedOut = e instanceof InterruptedIOException;
                if (sent.get() || attempt == attempts) {
                    log.info("{} got no answer (attempt {} of {}): {}", what, attempt, attempts,
                            timedOut ? "timed out" : sent.get() ? "connection broke" : "could not connect");
                    return new NoAnswer(sent.get(), timedOut);
                }
                wait = backoff(attempt);
                log.info("{} could not connect (attempt {} of {}, {}); retrying in {} ms", what, attempt, attempts,
                        e.getClass().getSimpleName(), wait.toMillis());
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NoAnswer(true, false);
            }
        }
    }

    /** Marks a call's request as sent once OkHttp starts writing its headers: before that, retrying is always safe. */
    private static final class SentMarker extends EventListener {
        @Override
        public void requestHeadersStart(Call call) {
            AtomicBoolean sent = call.request().tag(AtomicBoolean.class);
            if (sent != null) {
                sent.set(true);
            }
        }
    }

    private Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 10));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** {@code Retry-After} as seconds or an HTTP date, never negative and never above {@link #MAX_RETRY_WAIT}. */
    public static Optional<Duration> retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.strip();
        Duration wait;
        if (value.chars().allMatch(Character::isDigit)) {
            wait = value.length() > 9 ? MAX_RETRY_WAIT : Duration.ofSeconds(Long.parseLong(value));
        } else {
            try {
                wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        if (wait.isNegative()) {
            return Optional.of(Duration.ZERO);
        }
        return Optional.of(wait.compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait);
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ProviderHttp[" + base + ", maxRetries=" + maxRetries + "]";
    }
}
