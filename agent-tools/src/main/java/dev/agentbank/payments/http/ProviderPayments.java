package dev.agentbank.payments.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.payments.application.OutgoingPayment;
import dev.agentbank.payments.application.PaymentRail;
import dev.agentbank.payments.application.RailAnswer;
import dev.agentbank.shared.http.ProviderHttp;
import dev.agentbank.shared.http.ProviderJson;
import dev.agentbank.shared.http.ProviderHttp.Answer;
import dev.agentbank.shared.http.ProviderHttp.Attempted;
import dev.agentbank.shared.http.ProviderHttp.NoAnswer;
import dev.agentbank.shared.money.AmountRules;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment rail at the retail-banking provider: {@code POST /v1/payments} and {@code GET /v1/payments/{payment_id}}
 * (docs/provider-openapi.yaml), over the same OkHttp plumbing, timeouts and bounded retries as the other provider
 * clients ({@link ProviderHttp}).
 *
 * <p>Money moves on these answers, so only a body that follows the contract counts: {@code settled} is
 * {@link RailAnswer.Settled}, {@code pending} {@link RailAnswer.Accepted}, {@code rejected}
 * {@link RailAnswer.Rejected} with a sentence of ours for the customer. A 400 or 422 (other than
 * {@code idempotency_key_reused}) to a send means the provider did nothing and never will for that request:
 * Rejected, code {@value #REFUSED}. Everything else is {@link RailAnswer.Unknown}, asked again later with the same
 * key: timeouts, 5xx, broken connections, 429 after the retries, 401/403 (our token: logged as configuration), a 404
 * (a wrong base URL, or a payment id the provider does not know: never guessed), a reused key (the bank's bug, not a
 * refusal of this payment) and any answer off the contract (a missing or unknown status, another amount, currency or
 * IBAN than was sent).
 *
 * <p>The bearer token goes into the Authorization header and nowhere else. Log lines about a bad answer say which
 * rule it broke, never the body.
 */
public final class ProviderPayments implements PaymentRail, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderPayments.class);
    private static final String SEND = "POST /v1/payments";
    private static final String STATUS = "GET /v1/payments/{payment_id}";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final Pattern PAYMENT_ID = Pattern.compile("pay_[a-z0-9]{24}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final String REFUSED = "refused_by_provider";
    private static final Set<String> DOCUMENTED_ERRORS = Set.of("invalid_request", "idempotency_key_required",
            "idempotency_key_reused", "payment_not_found", "unauthorized", "forbidden");
    private static final Map<String, String> REASONS = Map.of(
            "account_closed", "the payee's bank says the account is closed",
            "name_mismatch", "the payee's bank says the name does not match the account");

    private final ProviderHttp http;

    public ProviderPayments(URI baseUrl, Secret token, ProviderConfig config) {
        this(baseUrl, token, config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.maxRetries(),
                Duration.ofMillis(200), Clock.systemUTC());
    }

    /** {@code backoff} is the first wait between attempts; it doubles (with jitter) up to two seconds. */
    public ProviderPayments(URI baseUrl, Secret token, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                            int maxRetries, Duration backoff, Clock clock) {
        this.http = new ProviderHttp(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxRetries, backoff, clock, log);
    }

    @Override
    public RailAnswer send(OutgoingPayment payment) {
        if (!KEY.matcher(payment.idempotencyKey()).matches()) {
            throw new IllegalArgumentException("idempotencyKey must be 1 to 255 printable ASCII characters");
        }
        Request post = http.authorized(http.url("v1/payments"))
                .header("Idempotency-Key", payment.idempotencyKey())
                .post(RequestBody.create(body(payment), JSON))
                .build();
        return switch (http.send(post, SEND)) {
            case Answer answer when answer.code() == 201 || answer.code() == 200 -> payment(SEND, answer, Optional.of(payment), null);
            case Answer answer when answer.code() == 422 && "idempotency_key_reused".equals(errorCode(answer.body())) -> {
                log.warn("{} answered 422 idempotency_key_reused: this payment's key was used for another request;"
                        + " the payment is left unknown for someone to look at", SEND);
                yield new RailAnswer.Unknown("the provider says this payment's key was already used for a different payment");
            }
            case Answer answer when answer.code() == 400 || answer.code() == 422 -> {
                log.info("{} was refused with HTTP {} ({}); nothing was paid", SEND, answer.code(), loggable(errorCode(answer.body())));
                yield new RailAnswer.Rejected(Optional.empty(), REFUSED,
                        "the payment provider refused the payment as sent, so nothing was paid; trying again will not help");
            }
            case Answer answer when answer.code() == 404 -> {
                log.warn("{} answered HTTP 404: not an answer about the payment; check BANK_PROVIDER_URL", SEND);
                yield new RailAnswer.Unknown("the provider answered HTTP 404");
            }
            case Attempted other -> unknown(SEND, other);
        };
    }

    @Override
    public RailAnswer status(String providerPaymentId) {
        if (providerPaymentId == null || !PAYMENT_ID.matcher(providerPaymentId).matches()) {
            throw new IllegalArgumentException("not a provider payment id");
        }
        Request get = http.authorized(http.url("v1/payments/" + providerPaymentId)).get().build();
        return switch (http.send(get, STATUS)) {
            case Answer answer when answer.code() == 200 -> payment(STATUS, answer, Optional.empty(), providerPaymentId);
            case Answer answer when answer.code() == 404 -> {
                // The bank holds this id because the provider gave it: a provider that forgot it is not a rejection.
                log.warn("{} answered HTTP 404 ({}) for a payment it accepted earlier; left unknown, check BANK_PROVIDER_URL",
                        STATUS, loggable(errorCode(answer.body())));
                yield new RailAnswer.Unknown("the provider does not know this payment");
            }
            case Attempted other -> unknown(STATUS, other);
        };
    }

    /** The request body, built by Jackson so no field can break out of its string. */
    private String body(OutgoingPayment payment) {
        ObjectNode body = ProviderJson.object()
                .put("debtor_account", payment.debtorAccount().value())
                .put("creditor_name", payment.creditorName())
                .put("creditor_iban", payment.creditorIban())
                .put("amount", payment.amount().amount().toPlainString())
                .put("currency", payment.amount().currency().getCurrencyCode())
                .put("reference", payment.reference());
        return ProviderJson.write(body);
    }

    private RailAnswer unknown(String what, Attempted attempted) {
        return switch (attempted) {
            case Answer answer when answer.code() == 401 || answer.code() == 403 -> {
                log.warn("{} was refused with HTTP {}: the provider does not accept our token; check BANK_PROVIDER_TOKEN."
                        + " Payments stay unknown until it is fixed", what, answer.code());
                yield new RailAnswer.Unknown("the provider refused the bank's credentials (HTTP " + answer.code() + ")");
            }
            case Answer answer when answer.code() == 429 -> new RailAnswer.Unknown("the provider kept refusing requests for load (HTTP 429)");
            case Answer answer -> new RailAnswer.Unknown("the provider answered HTTP " + answer.code());
            case NoAnswer none when !none.sent() -> new RailAnswer.Unknown("the provider could not be reached");
            case NoAnswer none when none.timedOut() -> new RailAnswer.Unknown("the provider did not answer in time");
            case NoAnswer none -> new RailAnswer.Unknown("the connection to the provider broke before it answered");
        };
    }

    /**
     * The answer a Payment body gives when it follows the contract, else Unknown (logged by the rule broken). A send
     * checks the body against what was sent; a status read checks the id asked about.
     */
    private RailAnswer payment(String what, Answer answer, Optional<OutgoingPayment> sent, String askedId) {
        JsonNode node = ProviderJson.tree(answer.body());
        if (!node.isObject()) {
            return offContract(what, answer, "the body is not a JSON object");
        }
        String id = node.path("id").textValue();
        if (id == null || !PAYMENT_ID.matcher(id).matches()) {
            return offContract(what, answer, "id is missing or not pay_ and 24 lowercase letters or digits");
        }
        if (askedId != null && !askedId.equals(id)) {
            return offContract(what, answer, "id names another payment");
        }
        String amount = node.path("amount").textValue();
        if (amount == null || !AmountRules.isPlainDecimal(amount)) {
            return offContract(what, answer, "amount is missing or not a decimal string");
        }
        String currency = node.path("currency").textValue();
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            return offContract(what, answer, "currency is missing or not three capital letters");
        }
        String iban = node.path("creditor_iban").textValue();
        if (iban == null || iban.isEmpty()) {
            return offContract(what, answer, "creditor_iban is missing");
        }
        if (instant(node, "created_at").isEmpty()) {
            return offContract(what, answer, "created_at is missing or not a date-time with an offset");
        }
        if (sent.isPresent()) {
            OutgoingPayment payment = sent.get();
            if (new BigDecimal(amount).compareTo(payment.amount().amount()) != 0
                    || !currency.equals(payment.amount().currency().getCurrencyCode())) {
                return offContract(what, answer, "amount or currency differs from what was sent");
            }
            if (!iban.equals(payment.creditorIban())) {
                return offContract(what, answer, "creditor_iban differs from what was sent");
            }
        }
        String status = node.path("status").textValue();
        if (status == null) {
            return offContract(what, answer, "status is missing");
        }
        return switch (status) {
            case "settled" -> instant(node, "settled_at")
                    .<RailAnswer>map(at -> new RailAnswer.Settled(id, at))
                    .orElseGet(() -> offContract(what, answer, "a settled payment without a settled_at date-time"));
            case "pending" -> new RailAnswer.Accepted(id);
            case "rejected" -> rejected(what, answer, id, node.path("reason_code").textValue());
            default -> offContract(what, answer, "status is not pending, settled or rejected");
        };
    }

    private RailAnswer rejected(String what, Answer answer, String id, String rawCode) {
        if (rawCode == null || rawCode.isBlank()) {
            return offContract(what, answer, "a rejected payment without a reason_code");
        }
        String code = sanitised(rawCode);
        String reason = REASONS.getOrDefault(code, "the payee's bank refused the payment (" + code + ")");
        return new RailAnswer.Rejected(Optional.of(id), code, reason);
    }

    /** The provider's code in lowercase letters, digits and underscores, at most 64 of them; never empty. */
    static String sanitised(String code) {
        String kept = code.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
        kept = kept.length() > 64 ? kept.substring(0, 64) : kept;
        return kept.isEmpty() ? "unspecified" : kept;
    }

    private RailAnswer offContract(String what, Answer answer, String problem) {
        log.warn("{} answered HTTP {} off the contract ({}); the payment is left unknown", what, answer.code(), problem);
        return new RailAnswer.Unknown("the provider's answer about the payment does not follow the contract");
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.textValue()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** An error body's code, or null when the body is not the documented Error. */
    private String errorCode(String body) {
        return ProviderJson.tree(body).path("code").textValue();
    }

    /** An error code fit for a log line: only the contract's own codes are named, nothing else of the body is logged. */
    private static String loggable(String code) {
        return code != null && DOCUMENTED_ERRORS.contains(code) ? "code " + code : "no documented code";
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ProviderPayments[" + http.base() + ", maxRetries=" + http.maxRetries() + "]";
    }
}
