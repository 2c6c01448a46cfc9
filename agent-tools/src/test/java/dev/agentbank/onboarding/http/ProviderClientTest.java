package dev.agentbank.onboarding.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.Secret;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.onboarding.model.ProviderAccount;
import dev.agentbank.shared.IdempotencyKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The client against a real HTTP server that answers what each test scripts (never a mocked OkHttpClient). */
public class ProviderClientTest {
    private static final String TOKEN = "tok-S3CR3T-a9f1c7e2";
    private static final String OPENED = """
            {"account_number":"AB9000000083","customer_id":7,"product_code":"retail-savings","currency":"EUR",
             "opening_balance":"25.00","status":"active"}""";
    private static final OpenAccountRequest REQUEST = new OpenAccountRequest(7, "Rainy day", "retail-savings");

    private MockWebServer server;
    private ProviderClient client;
    private ListAppender<ILoggingEvent> logs;
    private Logger providerLogger;
    private Level previousLevel;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = client(URI.create(server.url("/").toString()), Duration.ofMillis(500), 2);
        providerLogger = (Logger) LoggerFactory.getLogger("dev.agentbank.onboarding.http");
        previousLevel = providerLogger.getLevel();
        providerLogger.setLevel(Level.DEBUG);
        logs = new ListAppender<>();
        logs.start();
        providerLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        providerLogger.detachAppender(logs);
        providerLogger.setLevel(previousLevel);
        client.close();
        server.close();
    }

    private static ProviderClient client(URI url, Duration readTimeout, int maxRetries) {
        return new ProviderClient(url, new Secret(TOKEN), Duration.ofMillis(500), readTimeout, Duration.ofSeconds(2),
                maxRetries, Duration.ofMillis(10), Clock.systemUTC());
    }

    private static IdempotencyKey key() {
        return new IdempotencyKey("open-" + System.nanoTime());
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    @Test
    void opensAnAccountSendingTokenKeyAndBody() throws InterruptedException {
        server.enqueue(json(201, OPENED));
        IdempotencyKey key = key();

        ProviderResult result = client.openAccount(REQUEST, key);

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Opened.class, opened -> {
            assertThat(opened.account().number()).isEqualTo(new AccountNumber("AB9000000083"));
            assertThat(opened.account().customerId()).isEqualTo(7);
            assertThat(opened.account().openingBalance().amount()).isEqualByComparingTo("25.00");
            assertThat(opened.account().openingBalance().currency().getCurrencyCode()).isEqualTo("EUR");
        });
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/accounts");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo(key.value());
        assertThat(request.getBody().utf8())
                .contains("\"customer_id\":7").contains("\"name\":\"Rainy day\"").contains("\"product_code\":\"retail-savings\"");
    }

    @Test
    void aDefinite4xxIsARejectionWithTheProvidersReasonAndIsNotRetried() {
        server.enqueue(json(422, "{\"code\":\"unknown_product\",\"message\":\"Unknown product_code.\"}"));

        ProviderResult result = client.openAccount(REQUEST, key());

        assertThat(result).isEqualTo(new ProviderResult.Rejected(422, "unknown_product", "Unknown product_code."));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void retriesA503AndThenSucceedsWithTheSameIdempotencyKey() throws InterruptedException {
        server.enqueue(json(503, "{\"code\":\"unavailable\",\"message\":\"busy\"}"));
        server.enqueue(json(502, "bad gateway"));
        server.enqueue(json(201, OPENED));
        IdempotencyKey key = key();

        ProviderResult result = client.openAccount(REQUEST, key);

        assertThat(result).isInstanceOf(ProviderResult.Opened.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo(key.value());
        }
    }

    @Test
    void retriesAreBoundedAndExhaustedGatewayErrorsAreUnknown() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(json(504, "{}"));
        }

        ProviderResult result = client.openAccount(REQUEST, key());

        assertThat(result).isInstanceOf(ProviderResult.Unknown.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void a500IsUnknownAndNotRetried() {
        server.enqueue(json(500, "{\"code\":\"internal_error\",\"message\":\"oops\"}"));
        server.enqueue(json(201, OPENED));

        assertThat(client.openAccount(REQUEST, key())).isInstanceOf(ProviderResult.Unknown.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aTimeoutIsUnknownAndNotRetried() {
        server.enqueue(new MockResponse.Builder().code(201).body(OPENED).headersDelay(1500, TimeUnit.MILLISECONDS).build());

        ProviderResult result = client.openAccount(REQUEST, key());

        assertThat(result).isInstanceOfSatisfying(ProviderResult.Unknown.class,
                unknown -> assertThat(unknown.reason()).contains("did not answer in time"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSlowBodyRunsIntoTheCallTimeoutAndIsUnknown() {
        // 20 bytes every 300 ms: each read is within the read timeout, the whole call is not.
        server.enqueue(new MockResponse.Builder().code(201).body(OPENED + " ".repeat(200))
                .throttleBody(20, 300, TimeUnit.MILLISECONDS).build());
        long started = System.nanoTime();

        ProviderResult result = client.openAccount(REQUEST, key());

        assertThat(result).isInstanceOf(ProviderResult.Unknown.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void malformedJsonOnSuccessIsUnknownNotOpened() {
        server.enqueue(json(201, "{\"account_number\": \"AB90"));
        assertThat(client.openAccount(REQUEST, key())).isInstanceOf(ProviderResult.Unknown.class);

        server.enqueue(json(201, OPENED.replace("AB9000000083", "AB9000000084")));
        assertThat(client.openAccount(REQUEST, key())).as("a number failing its check digits").isInstanceOf(ProviderResult.Unknown.class);

        server.enqueue(json(201, OPENED.replace("\"customer_id\":7", "\"customer_id\":8")));
        assertThat(client.openAccount(REQUEST, key())).as("another customer's account").isInstanceOf(ProviderResult.Unknown.class);

        for (String balance : new String[] {"\"1E+999999999\"", "25.0", "\"-1.00\"", "\"1,000.00\""}) {
            server.enqueue(json(201, OPENED.replace("\"25.00\"", balance)));
            assertThat(client.openAccount(REQUEST, key())).as("opening balance " + balance).isInstanceOf(ProviderResult.Unknown.class);
        }
    }

    @Test
    void honoursRetryAfterOn429() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").body("{}").build());
        server.enqueue(json(201, OPENED));
        long started = System.nanoTime();

        ProviderResult result = client.openAccount(REQUEST, key());

        assertThat(result).isInstanceOf(ProviderResult.Opened.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void persistent429IsUnavailable() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").body("{}").build());
        }
        assertThat(client.openAccount(REQUEST, key())).isInstanceOf(ProviderResult.Unavailable.class);
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDateAndCapsIt() {
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        String inThreeSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(3), ZoneOffset.UTC));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.minusSeconds(30), ZoneOffset.UTC));

        assertThat(ProviderClient.retryAfter("2", now)).contains(Duration.ofSeconds(2));
        assertThat(ProviderClient.retryAfter(inThreeSeconds, now)).contains(Duration.ofSeconds(3));
        assertThat(ProviderClient.retryAfter(past, now)).contains(Duration.ZERO);
        assertThat(ProviderClient.retryAfter("3600", now)).contains(ProviderClient.MAX_RETRY_WAIT);
        assertThat(ProviderClient.retryAfter("99999999999999", now)).contains(ProviderClient.MAX_RETRY_WAIT);
        assertThat(ProviderClient.retryAfter("soon", now)).isEmpty();
        assertThat(ProviderClient.retryAfter(null, now)).isEmpty();
    }

    @Test
    void aProviderThatCannotBeReachedIsUnavailableAfterItsRetries() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ProviderClient unreachable = client(URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofMillis(500), 2)) {
            assertThat(unreachable.openAccount(REQUEST, key())).isInstanceOf(ProviderResult.Unavailable.class);
            assertThatThrownBy(() -> unreachable.accountsOf(7)).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Test
    void looksUpAndListsAccounts() throws InterruptedException {
        server.enqueue(json(200, OPENED));
        server.enqueue(json(404, "{\"code\":\"account_not_found\",\"message\":\"No such account.\"}"));
        server.enqueue(json(200, "{\"accounts\":[" + OPENED + "]}"));

        assertThat(client.account(new AccountNumber("AB9000000083"))).isPresent();
        assertThat(client.account(AccountNumber.fromSerial(90_000_001))).isEmpty();
        assertThat(client.accountsOf(7)).extracting(ProviderAccount::number).containsExactly(new AccountNumber("AB9000000083"));
        server.takeRequest();
        server.takeRequest();
        assertThat(server.takeRequest().getUrl().queryParameter("customer_id")).isEqualTo("7");
    }

    @Test
    void theTokenNeverReachesLogsMessagesOrToString() throws IOException {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(401, "{\"code\":\"unauthorized\",\"message\":\"Bad token\"}"));
        server.enqueue(json(500, "{}"));
        server.enqueue(new MockResponse.Builder().code(201).body(OPENED).headersDelay(1500, TimeUnit.MILLISECONDS).build());
        server.enqueue(json(500, "{}"));
        server.enqueue(json(500, "{}"));
        server.enqueue(json(500, "{}"));

        List<Object> seen = new java.util.ArrayList<>();
        seen.add(client.openAccount(REQUEST, key()));
        seen.add(client.openAccount(REQUEST, key()));
        seen.add(client.openAccount(REQUEST, key()));
        seen.add(assertThatThrownBy(() -> client.accountsOf(7)).isInstanceOf(ProviderUnavailableException.class).actual());
        seen.add(client);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ProviderClient unreachable = client(URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofMillis(500), 1)) {
            seen.add(unreachable.openAccount(REQUEST, key()));
            seen.add(assertThatThrownBy(() -> unreachable.account(new AccountNumber("AB9000000083"))).actual());
        }

        assertThat(logs.list).as("the client logs what it does").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(TOKEN);
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(TOKEN);
            }
        }
        for (Object thing : seen) {
            assertThat(String.valueOf(thing)).doesNotContain(TOKEN);
            if (thing instanceof Throwable throwable) {
                assertThat(throwable.getMessage()).doesNotContain(TOKEN);
            }
        }
    }
}
