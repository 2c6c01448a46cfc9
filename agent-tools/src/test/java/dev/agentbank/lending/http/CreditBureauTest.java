package dev.agentbank.lending.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.agentbank.config.Secret;
import dev.agentbank.lending.application.CreditCheck;
import dev.agentbank.lending.application.CreditReport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The credit bureau client against a real HTTP server that answers what each test scripts (never a mocked OkHttpClient). */
class CreditBureauTest {
    private static final String TOKEN = "tok-CR3D1T-5ecr3t-77b1";
    private static final String REPORT = """
            {"customer_id":42,"score":712,"delinquencies":1,"reported_at":"2026-12-01T10:15:30Z",
             "bureau_reference":"sbx-3f9a1c0d2e4b5a69"}""";
    private static final String NO_FILE = "{\"code\":\"credit_report_not_found\",\"message\":\"No credit file for this customer.\"}";

    private MockWebServer server;
    private ProviderCreditBureau bureau;
    private ListAppender<ILoggingEvent> logs;
    private Logger bankLogger;
    private Level previousLevel;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        bureau = bureau(URI.create(server.url("/").toString()), 2);
        bankLogger = (Logger) LoggerFactory.getLogger("dev.agentbank");
        previousLevel = bankLogger.getLevel();
        bankLogger.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        bankLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        bankLogger.detachAppender(logs);
        bankLogger.setLevel(previousLevel);
        bureau.close();
        server.close();
    }

    /** Read timeout 500 ms, call timeout 2 s, first backoff 10 ms. */
    private static ProviderCreditBureau bureau(URI url, int maxRetries) {
        return new ProviderCreditBureau(url, new Secret(TOKEN), Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(2),
                maxRetries, Duration.ofMillis(10), Clock.systemUTC());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aReportIsFoundWithExactlyItsFieldsAndTheRequestCarriesTheTokenToTheExactPath() throws InterruptedException {
        server.enqueue(json(200, REPORT));

        CreditCheck check = bureau.report(42);

        assertThat(check).isEqualTo(new CreditCheck.Found(
                new CreditReport(42, 712, 1, Instant.parse("2026-12-01T10:15:30Z"), "sbx-3f9a1c0d2e4b5a69")));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/credit-reports/42");
        assertThat(request.getUrl().query()).isNull();
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/json");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aBaseUrlWithAPathKeepsItsPath() throws InterruptedException {
        server.enqueue(json(200, REPORT));
        try (ProviderCreditBureau prefixed = bureau(URI.create(server.url("/provider/api").toString()), 0)) {
            assertThat(prefixed.report(42)).isInstanceOf(CreditCheck.Found.class);
        }
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/provider/api/v1/credit-reports/42");
    }

    @Test
    void anOffsetTimestampIsReadAsTheSameInstant() {
        server.enqueue(json(200, REPORT.replace("2026-12-01T10:15:30Z", "2026-12-01T11:15:30+01:00")));

        assertThat(bureau.report(42)).isInstanceOfSatisfying(CreditCheck.Found.class,
                found -> assertThat(found.report().reportedAt()).isEqualTo(Instant.parse("2026-12-01T10:15:30Z")));
    }

    @Test
    void a404SayingThereIsNoCreditFileIsADefiniteNoReportAndIsNotRetried() {
        server.enqueue(json(404, NO_FILE));
        server.enqueue(json(200, REPORT));

        assertThat(bureau.report(42)).isInstanceOfSatisfying(CreditCheck.NoReport.class,
                none -> assertThat(none.reason()).isEqualTo("the provider holds no credit file for this customer"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a404WithoutTheDocumentedCodeIsNotAnAnswerAboutTheCustomer() {
        // A wrong base URL, a proxy or a provider without the endpoint: deciding on it would decline on no data.
        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"No such endpoint.\"}"));
        server.enqueue(new MockResponse.Builder().code(404).setHeader("Content-Type", "text/html").body("<h1>Not Found</h1>").build());
        server.enqueue(json(404, ""));

        for (int i = 0; i < 3; i++) {
            assertThat(bureau.report(42)).isInstanceOf(CreditCheck.Unavailable.class);
        }
        assertThat(warnings()).hasSize(3).allSatisfy(line -> assertThat(line).contains("BANK_PROVIDER_URL"));
    }

    @Test
    void aRefusedTokenIsUnavailableNotTheCustomersFaultAndIsLoggedAsConfiguration() {
        server.enqueue(json(401, "{\"code\":\"unauthorized\",\"message\":\"A valid bearer token is required.\"}"));
        server.enqueue(json(403, "{\"code\":\"forbidden\",\"message\":\"Not for this token.\"}"));

        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider refused the bank's credentials (HTTP 401)"));
        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider refused the bank's credentials (HTTP 403)"));
        assertThat(server.getRequestCount()).as("not retried").isEqualTo(2);
        assertThat(warnings()).hasSize(2).allSatisfy(line -> assertThat(line).contains("check BANK_PROVIDER_TOKEN"));
    }

    @Test
    void a503IsRetriedAndTheReportFoundOnALaterAttempt() {
        server.enqueue(json(503, "{\"code\":\"unavailable\",\"message\":\"busy\"}"));
        server.enqueue(json(502, "bad gateway"));
        server.enqueue(json(200, REPORT));

        assertThat(bureau.report(42)).isInstanceOf(CreditCheck.Found.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void persistentGatewayErrorsAreUnavailableAfterTheBoundedRetries() {
        for (int code : new int[] {503, 504, 503, 200}) {
            server.enqueue(code == 200 ? json(200, REPORT) : json(code, "{}"));
        }

        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider answered HTTP 503"));
        assertThat(server.getRequestCount()).as("one attempt and two retries").isEqualTo(3);
    }

    @Test
    void a500IsUnavailableAndLeftToTheNextRound() {
        server.enqueue(json(500, "{\"code\":\"internal_error\",\"message\":\"oops\"}"));
        server.enqueue(json(200, REPORT));

        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider answered HTTP 500"));
        assertThat(server.getRequestCount()).as("the client retries only 429 and 502 to 504").isEqualTo(1);
    }

    @Test
    void persistent429IsUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").body("{}").build());
        }
        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider kept refusing requests for load (HTTP 429)"));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aBodySlowerThanTheReadTimeoutIsUnavailable() {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(REPORT)
                .bodyDelay(1500, TimeUnit.MILLISECONDS).build());
        long started = System.nanoTime();

        CreditCheck check = bureau.report(42);

        assertThat(check).isEqualTo(new CreditCheck.Unavailable("the provider did not answer in time"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
        assertThat(server.getRequestCount()).as("a timeout is not retried in the client").isEqualTo(1);
    }

    @Test
    void headersSlowerThanTheReadTimeoutAreUnavailable() {
        server.enqueue(new MockResponse.Builder().code(200).body(REPORT).headersDelay(1500, TimeUnit.MILLISECONDS).build());

        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider did not answer in time"));
    }

    @Test
    void aTrickleWithinTheReadTimeoutRunsIntoTheCallTimeoutAndIsUnavailable() {
        // 20 bytes every 300 ms: each read is within the read timeout, the whole call is not.
        server.enqueue(new MockResponse.Builder().code(200).body(REPORT + " ".repeat(200))
                .throttleBody(20, 300, TimeUnit.MILLISECONDS).build());
        long started = System.nanoTime();

        assertThat(bureau.report(42)).isInstanceOf(CreditCheck.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsUnavailable() {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(json(200, REPORT));

        assertThat(bureau.report(42)).isEqualTo(new CreditCheck.Unavailable("the connection to the provider broke before it answered"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRefusedConnectionIsUnavailableAfterTheBoundedRetries() throws IOException {
        try (ProviderCreditBureau unreachable = bureau(URI.create("http://127.0.0.1:" + closedPort() + "/"), 2)) {
            assertThat(unreachable.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider could not be reached"));
        }
        assertThat(logs.list).map(ILoggingEvent::getFormattedMessage)
                .filteredOn(line -> line.contains("could not connect")).hasSize(3);
    }

    @Test
    void anOffContractReportIsUnavailableNeverFound() {
        List<String> bodies = List.of(
                "", "not json", "{\"customer_id\": 42, \"score\": 7", "[" + REPORT + "]", "null",
                REPORT + " {}",                                           // two JSON values
                REPORT.replace("\"score\":712", "\"score\":712,\"score\":300"), // an ambiguous duplicate
                REPORT.replace("712", "851"), REPORT.replace("712", "299"), REPORT.replace("712", "-712"),
                REPORT.replace("712", "712.5"), REPORT.replace("712", "\"712\""), REPORT.replace("712", "null"),
                REPORT.replace("712", "99999999999"), REPORT.replace("\"score\":712,", ""),
                REPORT.replace("\"delinquencies\":1", "\"delinquencies\":-1"),
                REPORT.replace("\"delinquencies\":1", "\"delinquencies\":\"1\""),
                REPORT.replace("\"delinquencies\":1,", ""),
                REPORT.replace("\"customer_id\":42", "\"customer_id\":43"),
                REPORT.replace("\"customer_id\":42", "\"customer_id\":\"42\""),
                REPORT.replace("\"customer_id\":42,", ""),
                REPORT.replace("2026-12-01T10:15:30Z", "2026-12-01"), REPORT.replace("2026-12-01T10:15:30Z", "2026-12-01T10:15:30"),
                REPORT.replace("\"2026-12-01T10:15:30Z\"", "1764584130"),
                REPORT.replace("sbx-3f9a1c0d2e4b5a69", ""), REPORT.replace("sbx-3f9a1c0d2e4b5a69", "   "),
                REPORT.replace("sbx-3f9a1c0d2e4b5a69", "x".repeat(101)), REPORT.replace("sbx-3f9a1c0d2e4b5a69", "sbx\\u0000forged"),
                REPORT.replace("\"sbx-3f9a1c0d2e4b5a69\"", "7"));
        for (String body : bodies) {
            server.enqueue(json(200, body));
            assertThat(bureau.report(42)).as(body).isEqualTo(new CreditCheck.Unavailable("the provider's credit report does not follow the contract"));
        }
        assertThat(server.getRequestCount()).as("a bad answer is not retried in the client").isEqualTo(bodies.size());
        assertThat(warnings()).hasSize(bodies.size()).allSatisfy(line -> assertThat(line)
                .contains("off the contract").doesNotContain("sbx-").doesNotContain("851").doesNotContain("forged"));
    }

    @Test
    void extraFieldsInAReportAreIgnored() {
        server.enqueue(json(200, REPORT.replace("{", "{\"model\":\"FICO 8\",")));
        assertThat(bureau.report(42)).isInstanceOf(CreditCheck.Found.class);
    }

    @Test
    void onlyPositiveCustomerIdsAreAskedAbout() {
        assertThatThrownBy(() -> bureau.report(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("customerId must be positive");
        assertThatThrownBy(() -> bureau.report(-5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theTokenNeverReachesLogsReasonsOrToString() throws IOException {
        server.enqueue(json(200, REPORT));
        server.enqueue(json(404, NO_FILE));
        server.enqueue(json(401, "{\"code\":\"unauthorized\",\"message\":\"Bad token " + TOKEN + "\"}"));
        server.enqueue(json(500, "{\"message\":\"" + TOKEN + "\"}"));
        server.enqueue(json(200, REPORT.replace("712", "\"" + TOKEN + "\"")));
        server.enqueue(json(404, "{\"code\":\"" + TOKEN + "\"}"));
        server.enqueue(new MockResponse.Builder().code(200).body(REPORT).headersDelay(1500, TimeUnit.MILLISECONDS).build());
        for (int i = 0; i < 3; i++) {
            server.enqueue(json(503, "{}"));
        }

        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            seen.add(bureau.report(42));
        }
        seen.add(bureau);
        try (ProviderCreditBureau unreachable = bureau(URI.create("http://127.0.0.1:" + closedPort() + "/"), 1)) {
            seen.add(unreachable.report(42));
            seen.add(unreachable);
        }

        assertThat(seen).hasAtLeastOneElementOfType(CreditCheck.Found.class).hasAtLeastOneElementOfType(CreditCheck.NoReport.class)
                .hasAtLeastOneElementOfType(CreditCheck.Unavailable.class);
        assertThat(logs.list).as("the client logs what it does").hasSizeGreaterThan(8);
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(TOKEN);
            }
        }
        for (Object thing : seen) {
            assertThat(String.valueOf(thing)).doesNotContain(TOKEN);
        }
    }
}
