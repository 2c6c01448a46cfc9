package dev.agentbank.lending.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.lending.application.CreditBureau;
import dev.agentbank.lending.application.CreditCheck;
import dev.agentbank.lending.application.CreditReport;
import dev.agentbank.shared.http.ProviderHttp;
import dev.agentbank.shared.http.ProviderJson;
import dev.agentbank.shared.http.ProviderHttp.Answer;
import dev.agentbank.shared.http.ProviderHttp.NoAnswer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credit bureau at the retail-banking provider: {@code GET /v1/credit-reports/{customer_id}}
 * (docs/provider-openapi.yaml), over the same OkHttp plumbing, timeouts and bounded retries as the account client
 * ({@link ProviderHttp}).
 *
 * <p>Two answers decide: a 200 whose body follows the contract ({@link CreditCheck.Found}) and a 404 with the code
 * {@code credit_report_not_found} ({@link CreditCheck.NoReport}). Everything else is
 * {@link CreditCheck.Unavailable}: timeouts, 5xx, broken connections, an off-contract 200 (a score out of range,
 * a missing field, another customer), a 404 that does not say {@code credit_report_not_found} (a wrong base URL
 * must not look like a customer without a credit file), and 401/403, because a wrong token is the bank's problem,
 * not the customer's: it is logged as a configuration error and the application waits until it is fixed.
 *
 * <p>The bearer token goes into the Authorization header and nowhere else: not into logs, reasons or toString.
 * Log lines about a bad answer say which rule it broke, never the body.
 */
public final class ProviderCreditBureau implements CreditBureau, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProviderCreditBureau.class);
    private static final String WHAT = "GET /v1/credit-reports/{customer_id}";
    private static final String NOT_FOUND_CODE = "credit_report_not_found";

    private final ProviderHttp http;

    public ProviderCreditBureau(URI baseUrl, Secret token, ProviderConfig config) {
        this(baseUrl, token, config.connectTimeout(), config.readTimeout(), config.callTimeout(), config.maxRetries(),
                Duration.ofMillis(200), Clock.systemUTC());
    }

    /** {@code backoff} is the first wait between attempts; it doubles (with jitter) up to two seconds. */
    public ProviderCreditBureau(URI baseUrl, Secret token, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
                                int maxRetries, Duration backoff, Clock clock) {
        this.http = new ProviderHttp(baseUrl, token, connectTimeout, readTimeout, callTimeout, maxRetries, backoff, clock, log);
    }

    @Override
    public CreditCheck report(long customerId) {
        if (customerId <= 0) {
            throw new IllegalArgumentException("customerId must be positive");
        }
        Request get = http.authorized(http.url("v1/credit-reports/" + customerId)).get().build();
        return switch (http.send(get, WHAT)) {
            case Answer answer when answer.code() == 200 -> report(customerId, answer.body());
            case Answer answer when answer.code() == 404 -> noReport(answer.body());
            case Answer answer when answer.code() == 401 || answer.code() == 403 -> {
                log.warn("{} was refused with HTTP {}: the provider does not accept our token; check BANK_PROVIDER_TOKEN."
                        + " Credit checks wait until it is fixed", WHAT, answer.code());
                yield new CreditCheck.Unavailable("the provider refused the bank's credentials (HTTP " + answer.code() + ")");
            }
            case Answer answer when answer.code() == 429 -> new CreditCheck.Unavailable("the provider kept refusing requests for load (HTTP 429)");
            case Answer answer -> new CreditCheck.Unavailable("the provider answered HTTP " + answer.code());
            case NoAnswer none when !none.sent() -> new CreditCheck.Unavailable("the provider could not be reached");
            case NoAnswer none when none.timedOut() -> new CreditCheck.Unavailable("the provider did not answer in time");
            case NoAnswer none -> new CreditCheck.Unavailable("the connection to the provider broke before it answered");
        };
    }

    private CreditCheck noReport(String body) {
        if (NOT_FOUND_CODE.equals(ProviderJson.tree(body).path("code").textValue())) {
            return new CreditCheck.NoReport("the provider holds no credit file for this customer");
        }
        log.warn("{} answered HTTP 404 without the code {}: not an answer about the customer; check BANK_PROVIDER_URL",
                WHAT, NOT_FOUND_CODE);
        return new CreditCheck.Unavailable("the provider answered HTTP 404 without saying the customer has no credit file");
    }

    /** The report when the body follows the contract for this customer, else Unavailable (logged by the rule broken). */
    private CreditCheck report(long customerId, String body) {
        JsonNode node = ProviderJson.tree(body);
        if (!node.isObject()) {
            return offContract("the body is not a JSON object");
        }
        JsonNode customer = node.path("customer_id");
        if (!customer.isIntegralNumber() || !customer.canConvertToLong() || customer.longValue() != customerId) {
            return offContract("customer_id is missing or names another customer");
        }
        JsonNode score = node.path("score");
        if (!score.isIntegralNumber() || !score.canConvertToInt()
                || score.intValue() < CreditReport.MIN_SCORE || score.intValue() > CreditReport.MAX_SCORE) {
            return offContract("score is missing or not a whole number from " + CreditReport.MIN_SCORE + " to " + CreditReport.MAX_SCORE);
        }
        JsonNode delinquencies = node.path("delinquencies");
        if (!delinquencies.isIntegralNumber() || !delinquencies.canConvertToInt() || delinquencies.intValue() < 0) {
            return offContract("delinquencies is missing or not a whole number of 0 or more");
        }
        Instant reportedAt;
        try {
            reportedAt = node.path("reported_at").isTextual() ? OffsetDateTime.parse(node.path("reported_at").textValue()).toInstant() : null;
        } catch (DateTimeParseException e) {
            reportedAt = null;
        }
        if (reportedAt == null) {
            return offContract("reported_at is missing or not a date-time with an offset");
        }
        JsonNode reference = node.path("bureau_reference");
        try {
            if (reference.isTextual()) {
                return new CreditCheck.Found(new CreditReport(customerId, score.intValue(), delinquencies.intValue(), reportedAt,
                        reference.textValue()));
            }
        } catch (IllegalArgumentException e) {
            // the report's own rules refuse the reference: the same answer as a missing one
        }
        return offContract("bureau_reference is missing, blank, too long or has control characters");
    }

    private CreditCheck offContract(String problem) {
        log.warn("{} answered HTTP 200 off the contract ({}); no decision is taken on it", WHAT, problem);
        return new CreditCheck.Unavailable("the provider's credit report does not follow the contract");
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "ProviderCreditBureau[" + http.base() + ", maxRetries=" + http.maxRetries() + "]";
    }
}
