package dev.agentbank.onboarding.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.onboarding.model.ProviderAccount;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.http.ProviderHttp.Answer;
import dev.agentbank.shared.http.ProviderHttp.NoAnswer;
import dev.agentbank.shared.http.ProviderHttp;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retail-banking provider's API over OkHttp (docs/provider-openapi.yaml).
 *
 * <p>Retries are bounded and only where they cannot double an effect: when the request never left (connection
 * failure), and on 502, 503, 504 and 429, waiting for {@code Retry-After} when the provider gives one (the loop,
 * the timeouts and the bearer header are {@link ProviderHttp}'s, shared with the other provider clients). A POST
 * resends the same {@code Idempotency-Key} every time. Timeouts and broken answers are not retried here: the
 * caller gets {@link ProviderResult.Unknown} and decides (onboarding retries later with the same key).
 *
 * <p>The bearer token goes into the Authorization header and nowhere else: not into logs, messages or toString.
 */
public final class ProviderClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderClient.class);
    private static final MediaType JSON = MediaType.get("application/json");
    /** The longest Retry-After we wait for between two attempts. */
    static final Duration MAX_RETRY_WAIT = ProviderHttp.MAX_RETRY_WAIT;

    private final ProviderHttp http;
    private final ObjectMapper json = new ObjectMapper();

    public ProviderClient(URI baseUrl, Secret token, ProviderConfig config) {
        this(baseUrl, token, config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.maxRetries(),
                Duration.ofMillis(200), Clock.systemUTC());
    }

    /** {@code backoff} is the first wait between attempts; it doubles (with jitter) up to two seconds. */
    public ProviderClient(URI baseUrl, Secret token, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                          int maxRetries, Duration backoff, Clock clock) {
        this.http = new ProviderHttp(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxRetries, backoff, clock, log);
    }

    /** {@code POST /v1/accounts}. Never throws for the provider's behaviour: every outcome is a {@link ProviderResult}. */
    public ProviderResult openAccount(OpenAccountRequest request, IdempotencyKey key) {
        ObjectNode body = json.createObjectNode()
                .put("customer_id", request.customerId())
                .put("name", request.name())
                .put("product_code", request.productCode());
        Request post = http.authorized(http.url("v1/accounts"))
                .header("Idempotency-Key", key.value())
                .post(RequestBody.create(body.toString(), JSON))
                .build();
        return switch (http.send(post, "POST /v1/accounts")) {
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
        Request get = http.authorized(http.url("v1/accounts/" + number.value())).get().build();
        Answer answer = read(get, "GET /v1/accounts/{account_number}");
        if (answer.code() == 404) {
            return Optional.empty();
        }
        return Optional.of(parseAccount(answer.body())
                .orElseThrow(() -> new ProviderUnavailableException("the provider's account lookup does not follow the contract")));
    }

    /** {@code GET /v1/accounts?customer_id=}: every account the provider holds for the customer. */
    public List<ProviderAccount> accountsOf(long customerId) {
        HttpUrl url = http.url("v1/accounts").newBuilder().addQueryParameter("customer_id", Long.toString(customerId)).build();
        Answer answer = read(http.authorized(url).get().build(), "GET /v1/accounts?customer_id=");
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
        return switch (http.send(get, what)) {
            case Answer answer when answer.code() == 200 || answer.code() == 404 -> answer;
            case Answer answer -> throw new ProviderUnavailableException(what + " answered HTTP " + answer.code());
            case NoAnswer none -> throw new ProviderUnavailableException(what + (none.timedOut() ? " timed out" : " could not be completed"));
        };
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ProviderClient[" + http.base() + ", maxRetries=" + http.maxRetries() + "]";
    }

    /** {@code Retry-After} as seconds or an HTTP date, never negative and never above {@link #MAX_RETRY_WAIT}. */
    static Optional<Duration> retryAfter(String header, Instant now) {
        return ProviderHttp.retryAfter(header, now);
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
}
