package dev.agentbank.onboarding.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.onboarding.model.ProviderAccount;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retail-banking provider's API over OkHttp (docs/provider-openapi.yaml).
 *
 * <p>Retries are bounded and only where they cannot double an effect: when the request never left (connection
 * failure), and on 502, 503, 504 and 429, waiting for {@code Retry-After} when the provider gives one. A POST
 * resends the same {@code Idempotency-Key} every time. Timeouts and broken answers are not retried here: the
 * caller gets {@link ProviderResult.Unknown} and decides (onboarding retries later with the same key).
 *
 * <p>The bearer token goes into the Authorization header and nowhere else: not into logs, messages or toString.
 */
public final class ProviderClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    /** The longest Retry-After we wait for between two attempts. */
    static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final long MAX_BODY_BYTES = 1 << 20;

    private final HttpUrl base;
    private final Secret token;
    private final OkHttpClient http;
    private final int maxRetries;
    private final Duration backoff;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public ProviderClient(URI baseUrl, Secret token, ProviderConfig config) {
        this(baseUrl, token, config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.maxRetries(),
                Duration.ofMillis(200), Clock.systemUTC());
    }

    /** {@code backoff} is the first wait between attempts; it doubles (with jitter) up to two seconds. */
    public ProviderClient(URI baseUrl, Secret token, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                          int maxRetries, Duration backoff, Clock clock) {
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

    /** {@code POST /v1/accounts}. Never throws for the provider's behaviour: every outcome is a {@link ProviderResult}. */
    public ProviderResult openAccount(OpenAccountRequest request, IdempotencyKey key) {
        ObjectNode body = json.createObjectNode()
                .put("customer_id", request.customerId())
                .put("name", request.name())
                .put("product_code", request.productCode());
        Request post = authorized(url("v1/accounts"))
                .header("Idempotency-Key", key.value())
                .post(RequestBody.create(body.toString(), JSON))
                .build();
        return switch (send(post, "POST /v1/accounts")) {
            case Answer answer when answer.code() == 201 || answer.code() == 200 -> parseAccount(answer.body())
                    .filter(account -> account.customerId() == request.customerId()
                            && account.productCode().equals(request.productCode()))
                    .<ProviderResult>map(ProviderResult.Opened::new)
                    .orElseGet(() -> new ProviderResult.Unknown("the provider confirmed the opening with a response that does not follow the contract"));
            case Answer answer when answer.code() == 429 -> new ProviderResult.Unavailable("the provider kept refusing requests for load (HTTP 429)");
            case Answer answer when definite(answer.code()) -> rejection(answer);
            case Answer answer -> new ProviderResult.Unknown("the provider answered HTTP " + answer.code());
            case NoAnswer none when !none.sent() -> new ProviderResult.Unavailable("the provider could not be reached");
            case NoAnswer none when none.timedOut() -> new ProviderResult.Unknown("the provider did not answer in time");
            case NoAnswer none -> new ProviderResult.Unknown("the connection to the provider broke before it answered");
        };
    }

    /** {@code GET /v1/accounts/{account_number}}: the account, or empty on 404. */
    public Optional<ProviderAccount> account(AccountNumber number) {
        Request get = authorized(url("v1/accounts/" + number.value())).get().build();
        Answer answer = read(get, "GET /v1/accounts/{account_number}");
        if (answer.code() == 404) {
            return Optional.empty();
        }
        return Optional.of(parseAccount(answer.body())
                .orElseThrow(() -> new ProviderUnavailableException("the provider's account lookup does not follow the contract")));
    }

    /** {@code GET /v1/accounts?customer_id=}: every account the provider holds for the customer. */
    public List<ProviderAccount> accountsOf(long customerId) {
        HttpUrl url = url("v1/accounts").newBuilder().addQueryParameter("customer_id", Long.toString(customerId)).build();
        Answer answer = read(authorized(url).get().build(), "GET /v1/accounts?customer_id=");
        try {
            JsonNode accounts = json.readTree(answer.body()).path("accounts");
            if (!accounts.isArray()) {
                throw new IOException();
            }
            List<ProviderAccount> result = new ArrayList<>();
            for (JsonNode node : accounts) {
                result.add(account(node).orElseThrow(IOException::new));
            }
            return result;
        } catch (IOException e) {
            throw new ProviderUnavailableException("the provider's account list does not follow the contract");
        }
    }

    private Answer read(Request get, String what) {
        return switch (send(get, what)) {
            case Answer answer when answer.code() == 200 || answer.code() == 404 -> answer;
            case Answer answer -> throw new ProviderUnavailableException(what + " answered HTTP " + answer.code());
            case NoAnswer none -> throw new ProviderUnavailableException(what + (none.timedOut() ? " timed out" : " could not be completed"));
        };
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "ProviderClient[" + base + ", maxRetries=" + maxRetries + "]";
    }

    // ---- sending ------------------------------------------------------------------------------------------

    private sealed interface Attempted permits Answer, NoAnswer {}

    /** An HTTP answer with its (size-limited) body. */
    private record Answer(int code, String body) implements Attempted {}

    /** No answer: {@code sent} tells whether the request reached the wire at all. */
    private record NoAnswer(boolean sent, boolean timedOut) implements Attempted {}

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

    private Attempted send(Request request, String what) {
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

    private Duration backoff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 10));
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** {@code Retry-After} as seconds or an HTTP date, never negative and never above {@link #MAX_RETRY_WAIT}. */
    static Optional<Duration> retryAfter(String header, Instant now) {
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

    // ---- the contract -------------------------------------------------------------------------------------

    /** 4xx other than 408 (timeout) and 429 (load): the provider did not act and will not on a retry. */
    private static boolean definite(int code) {
        return code >= 400 && code < 500 && code != 408 && code != 429;
    }

    private ProviderResult rejection(Answer answer) {
        String code = "http_" + answer.code();
        String message = "the provider refused the request (HTTP " + answer.code() + ")";
        try {
            JsonNode error = json.readTree(answer.body());
            if (error != null && error.path("code").isTextual()) {
                code = PlainText.oneLine(error.path("code").asText(), 64);
            }
            if (error != null && error.path("message").isTextual() && !error.path("message").asText().isBlank()) {
                message = PlainText.oneLine(error.path("message").asText(), 300);
            }
        } catch (IOException e) {
            // an error without the documented body keeps the generic wording
        }
        return new ProviderResult.Rejected(answer.code(), code, message);
    }

    private Optional<ProviderAccount> parseAccount(String body) {
        try {
            return account(json.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A ProviderAccount when every field is present and well formed, else empty. */
    private static Optional<ProviderAccount> account(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        try {
            Optional<AccountNumber> number = AccountNumber.parse(node.path("account_number").asText(null));
            JsonNode customer = node.path("customer_id");
            String product = node.path("product_code").asText(null);
            String currency = node.path("currency").asText(null);
            // The contract says a decimal string: a JSON number or "1E+999999999" is malformed, not an amount.
            JsonNode openingNode = node.path("opening_balance");
            String opening = openingNode.isTextual() && AmountRules.isPlainDecimal(openingNode.asText()) ? openingNode.asText() : null;
            String status = node.path("status").asText(null);
            if (number.isEmpty() || !customer.canConvertToLong() || product == null || currency == null || opening == null
                    || status == null) {
                return Optional.empty();
            }
            Money balance = new Money(new BigDecimal(opening), Currency.getInstance(currency));
            return Optional.of(new ProviderAccount(number.get(), customer.asLong(), product, balance, status));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private HttpUrl url(String path) {
        return base.newBuilder().addPathSegments(path).build();
    }

    private Request.Builder authorized(HttpUrl url) {
        return new Request.Builder().url(url).header("Authorization", "Bearer " + token.value()).header("Accept", "application/json");
    }

}
