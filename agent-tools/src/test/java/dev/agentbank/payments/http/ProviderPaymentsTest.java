package dev.agentbank.payments.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.payments.application.OutgoingPayment;
import dev.agentbank.payments.application.RailAnswer;
import dev.agentbank.sandbox.SandboxProvider;
import dev.agentbank.sandbox.SandboxProvider.Endpoint;
import dev.agentbank.sandbox.SandboxProvider.Failure;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.TestBank;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The payment rail client against a scripted HTTP server, then against the real sandbox (never a mocked OkHttpClient). */
class ProviderPaymentsTest {
    private static final String TOKEN = "tok-PAYM3NT-5ecr3t-91c4";
    private static final String IBAN = "DE89370400440532013000";
    private static final String ID = "pay_0123456789abcdef01234567";
    private static final String SETTLED = """
            {"id":"pay_0123456789abcdef01234567","status":"settled","amount":"45.00","currency":"EUR",
             "creditor_iban":"DE89370400440532013000","created_at":"2026-12-01T10:15:30Z","settled_at":"2026-12-01T10:15:31Z"}""";
    private static final String PENDING = """
            {"id":"pay_0123456789abcdef01234567","status":"pending","amount":"45.00","currency":"EUR",
             "creditor_iban":"DE89370400440532013000","created_at":"2026-12-01T10:15:30Z"}""";
    private static final String REJECTED = """
            {"id":"pay_0123456789abcdef01234567","status":"rejected","amount":"45.00","currency":"EUR",
             "creditor_iban":"DE89370400440532013000","created_at":"2026-12-01T10:15:30Z",
             "reason_code":"account_closed","reason":"Closed."}""";
    private static final String REFUSED_REASON =
            "the payment provider refused the payment as sent, so nothing was paid; trying again will not help";
    private static final String OFF_CONTRACT = "the provider's answer about the payment does not follow the contract";

    private MockWebServer server;
    private ProviderPayments rail;
    private ListAppender<ILoggingEvent> logs;
    private Logger bankLogger;
    private Level previousLevel;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        rail = rail(URI.create(server.url("/").toString()), new Secret(TOKEN), 2);
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
        rail.close();
        server.close();
    }

    /** Read timeout 500 ms, call timeout 2 s, first backoff 10 ms. */
    private static ProviderPayments rail(URI url, Secret token, int maxRetries) {
        return new ProviderPayments(url, token, Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(2),
                maxRetries, Duration.ofMillis(10), Clock.systemUTC());
    }

    private static OutgoingPayment payment(String key) {
        return new OutgoingPayment(key, AccountNumber.fromSerial(1234), "Jane Doe", IBAN, Money.of("45.00", "EUR"), "Invoice 42");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    // ---- send ---------------------------------------------------------------------------------------------

    @Test
    void aSettledPaymentIsSettledAndTheRequestCarriesTheKeyTokenAndExactlyTheContractsBody() throws Exception {
        server.enqueue(json(201, SETTLED));

        RailAnswer answer = rail.send(payment("pmt-0001"));

        assertThat(answer).isEqualTo(new RailAnswer.Settled(ID, Instant.parse("2026-12-01T10:15:31Z")));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/payments");
        assertThat(request.getHeaders().get("Idempotency-Key")).isEqualTo("pmt-0001");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
        assertThat(new ObjectMapper().readTree(request.getBody().utf8())).isEqualTo(new ObjectMapper().readTree("""
                {"debtor_account":"AB0000123482","creditor_name":"Jane Doe","creditor_iban":"DE89370400440532013000",
                 "amount":"45.00","currency":"EUR","reference":"Invoice 42"}"""));
        assertThat(AccountNumber.fromSerial(1234).value()).isEqualTo("AB0000123482");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theBodyIsJsonWhateverTheTextHolds() throws Exception {
        server.enqueue(json(201, SETTLED));
        String name = "O\"Brien\\\", \"creditor_iban\": \"GB29NWBK60161331926819";
        String reference = "\"}, {\"amount\": \"9999.00\"";

        rail.send(new OutgoingPayment("pmt-0002", AccountNumber.fromSerial(1234), name, IBAN, Money.of("45.00", "EUR"), reference));

        JsonNode sent = new ObjectMapper().readTree(server.takeRequest().getBody().utf8());
        assertThat(sent.size()).isEqualTo(6);
        assertThat(sent.path("creditor_name").textValue()).isEqualTo(name);
        assertThat(sent.path("reference").textValue()).isEqualTo(reference);
        assertThat(sent.path("creditor_iban").textValue()).isEqualTo(IBAN);
        assertThat(sent.path("amount").textValue()).isEqualTo("45.00");
    }

    @Test
    void aPendingPaymentIsAccepted() {
        server.enqueue(json(201, PENDING));
        assertThat(rail.send(payment("pmt-0003"))).isEqualTo(new RailAnswer.Accepted(ID));
    }

    @Test
    void aRejectedPaymentCarriesItsCodeAndOurOwnSentence() {
        server.enqueue(json(201, REJECTED));
        server.enqueue(json(201, REJECTED.replace("account_closed", "name_mismatch")));
        server.enqueue(json(201, REJECTED.replace("account_closed", "LIMIT Exceeded!\\u0007<b>")));

        assertThat(rail.send(payment("pmt-0004"))).isEqualTo(
                new RailAnswer.Rejected(Optional.of(ID), "account_closed", "the payee's bank says the account is closed"));
        assertThat(rail.send(payment("pmt-0004"))).isEqualTo(
                new RailAnswer.Rejected(Optional.of(ID), "name_mismatch", "the payee's bank says the name does not match the account"));
        assertThat(rail.send(payment("pmt-0004"))).isEqualTo(
                new RailAnswer.Rejected(Optional.of(ID), "limit_exceeded_b", "the payee's bank refused the payment (limit_exceeded_b)"));
    }

    @Test
    void a400Or422IsADefiniteRefusalAndIsNotRetried() {
        server.enqueue(json(400, "{\"code\":\"invalid_request\",\"message\":\"creditor_iban must be a valid IBAN.\"}"));
        server.enqueue(json(422, "{\"code\":\"unsupported_currency\",\"message\":\"No.\"}"));
        server.enqueue(json(400, "not json at all"));

        for (int i = 0; i < 3; i++) {
            assertThat(rail.send(payment("pmt-0005"))).isEqualTo(new RailAnswer.Rejected(Optional.empty(), "refused_by_provider", REFUSED_REASON));
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aReusedKeyIsUnknownNeverARefusal() {
        // The key is the payment's own: a provider that saw it with another body may have paid under it.
        server.enqueue(json(422, "{\"code\":\"idempotency_key_reused\",\"message\":\"Used with a different body.\"}"));

        assertThat(rail.send(payment("pmt-0006"))).isEqualTo(
                new RailAnswer.Unknown("the provider says this payment's key was already used for a different payment"));
        assertThat(warnings()).hasSize(1);
    }

    @Test
    void aRefusedTokenIsUnknownAndLoggedAsConfiguration() {
        server.enqueue(json(401, "{\"code\":\"unauthorized\",\"message\":\"A valid bearer token is required.\"}"));
        server.enqueue(json(403, "{\"code\":\"forbidden\",\"message\":\"Not for this token.\"}"));

        assertThat(rail.send(payment("pmt-0007"))).isEqualTo(new RailAnswer.Unknown("the provider refused the bank's credentials (HTTP 401)"));
        assertThat(rail.send(payment("pmt-0007"))).isEqualTo(new RailAnswer.Unknown("the provider refused the bank's credentials (HTTP 403)"));
        assertThat(server.getRequestCount()).as("not retried").isEqualTo(2);
        assertThat(warnings()).hasSize(2).allSatisfy(line -> assertThat(line).contains("check BANK_PROVIDER_TOKEN"));
    }

    @Test
    void a404ToASendIsUnknownAndPointsAtTheUrl() {
        server.enqueue(json(404, "{\"code\":\"not_found\",\"message\":\"No such endpoint.\"}"));

        assertThat(rail.send(payment("pmt-0008"))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 404"));
        assertThat(warnings()).singleElement().asString().contains("BANK_PROVIDER_URL");
    }

    @Test
    void other4xxAnd5xxAreUnknownAndOnlyGatewayErrorsAreRetried() {
        server.enqueue(json(408, "{}"));
        server.enqueue(json(409, "{\"code\":\"conflict\",\"message\":\"?\"}"));
        server.enqueue(json(500, "{\"code\":\"internal_error\",\"message\":\"oops\"}"));
        server.enqueue(json(201, SETTLED));

        assertThat(rail.send(payment("pmt-0009"))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 408"));
        assertThat(rail.send(payment("pmt-0009"))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 409"));
        assertThat(rail.send(payment("pmt-0009"))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 500"));
        assertThat(server.getRequestCount()).as("no retries in the client for 408, 409, 500").isEqualTo(3);
    }

    @Test
    void gatewayErrorsAreRetriedWithTheSameKeyThenUnknown() throws InterruptedException {
        server.enqueue(json(503, "{}"));
        server.enqueue(json(201, SETTLED));
        assertThat(rail.send(payment("pmt-0010"))).isInstanceOf(RailAnswer.Settled.class);
        assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("pmt-0010");
        assertThat(server.takeRequest().getHeaders().get("Idempotency-Key")).isEqualTo("pmt-0010");

        for (int code : new int[] {502, 503, 504}) {
            server.enqueue(json(code, "{}"));
        }
        assertThat(rail.send(payment("pmt-0010"))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 504"));
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "0").body("{}").build());
        }
        assertThat(rail.send(payment("pmt-0010"))).isEqualTo(new RailAnswer.Unknown("the provider kept refusing requests for load (HTTP 429)"));
        assertThat(server.getRequestCount()).isEqualTo(8);
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsUnknownAndNotRetried() {
        server.enqueue(new MockResponse.Builder().code(201).body(SETTLED).headersDelay(1500, TimeUnit.MILLISECONDS).build());
        long started = System.nanoTime();

        assertThat(rail.send(payment("pmt-0011"))).isEqualTo(new RailAnswer.Unknown("the provider did not answer in time"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerIsUnknown() {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(json(201, SETTLED));

        assertThat(rail.send(payment("pmt-0012"))).isEqualTo(new RailAnswer.Unknown("the connection to the provider broke before it answered"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anOffContractAnswerIsUnknownNeverSettledAndItsBodyIsNotLogged() {
        List<String> bodies = List.of(
                "", "not json", "[" + SETTLED + "]", "null", SETTLED + " {}",
                SETTLED.replace("\"status\":\"settled\",", ""),                       // no status
                SETTLED.replace("\"settled\"", "\"completed\""),                      // unknown status
                SETTLED.replace("\"settled\"", "\"SETTLED\""),
                SETTLED.replace("\"settled\"", "7"),
                SETTLED.replace("\"status\":\"settled\"", "\"status\":\"settled\",\"status\":\"rejected\""), // ambiguous
                SETTLED.replace(",\"settled_at\":\"2026-12-01T10:15:31Z\"", ""),        // settled without settled_at
                SETTLED.replace("2026-12-01T10:15:31Z", "yesterday"),
                SETTLED.replace("pay_0123456789abcdef01234567", "pay_0123"),          // id off the pattern
                SETTLED.replace("pay_0123456789abcdef01234567", "PAY_0123456789ABCDEF01234567"),
                SETTLED.replace("\"id\":\"pay_0123456789abcdef01234567\",", ""),
                SETTLED.replace("\"45.00\"", "\"4500.00\""),                          // another amount
                SETTLED.replace("\"45.00\"", "45.00"),                                // a number, not a string
                SETTLED.replace("\"amount\":\"45.00\",", ""),
                SETTLED.replace("\"EUR\"", "\"GBP\""),                                // another currency
                SETTLED.replace("\"currency\":\"EUR\",", ""),
                SETTLED.replace(IBAN, "GB29NWBK60161331926819"),                      // another payee
                SETTLED.replace("\"creditor_iban\":\"" + IBAN + "\",", ""),
                SETTLED.replace("\"created_at\":\"2026-12-01T10:15:30Z\",", ""),
                REJECTED.replace("\"reason_code\":\"account_closed\",", ""));         // rejected without a code
        for (String body : bodies) {
            server.enqueue(json(201, body));
            assertThat(rail.send(payment("pmt-0013"))).as(body).isEqualTo(new RailAnswer.Unknown(OFF_CONTRACT));
        }
        assertThat(server.getRequestCount()).as("a bad answer is not retried in the client").isEqualTo(bodies.size());
        assertThat(warnings()).hasSize(bodies.size()).allSatisfy(line -> assertThat(line)
                .contains("off the contract").doesNotContain("4500").doesNotContain("GB29").doesNotContain("completed"));
    }

    @Test
    void anEqualAmountAtAnotherScaleAndExtraFieldsAreAccepted() {
        server.enqueue(json(201, SETTLED.replace("\"45.00\"", "\"45.0\"").replace("{", "{\"scheme\":\"SEPA\",")));
        assertThat(rail.send(payment("pmt-0014"))).isInstanceOf(RailAnswer.Settled.class);
    }

    @Test
    void aKeyThatCannotTravelInAHeaderIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> rail.send(payment("key with spaces"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rail.send(payment(""))).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    // ---- status -------------------------------------------------------------------------------------------

    @Test
    void statusReadsThePaymentByItsIdAndMapsEachStatus() throws InterruptedException {
        server.enqueue(json(200, PENDING));
        server.enqueue(json(200, SETTLED));
        server.enqueue(json(200, REJECTED.replace("account_closed", "name_mismatch")));

        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Accepted(ID));
        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Settled(ID, Instant.parse("2026-12-01T10:15:31Z")));
        assertThat(rail.status(ID)).isEqualTo(
                new RailAnswer.Rejected(Optional.of(ID), "name_mismatch", "the payee's bank says the name does not match the account"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/payments/" + ID);
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void statusOfAnotherPaymentOrOffContractIsUnknown() {
        server.enqueue(json(200, SETTLED.replace("pay_0123456789abcdef01234567", "pay_ffffffffffffffffffffffff")));
        server.enqueue(json(200, SETTLED.replace("\"settled\"", "\"done\"")));

        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown(OFF_CONTRACT));
        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown(OFF_CONTRACT));
    }

    @Test
    void aPaymentTheProviderDoesNotKnowIsUnknownNeverRejected() {
        server.enqueue(json(404, "{\"code\":\"payment_not_found\",\"message\":\"No such payment.\"}"));
        server.enqueue(json(400, "{\"code\":\"invalid_request\",\"message\":\"?\"}"));
        server.enqueue(json(500, "{}"));
        server.enqueue(new MockResponse.Builder().code(200).body(SETTLED).headersDelay(1500, TimeUnit.MILLISECONDS).build());

        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown("the provider does not know this payment"));
        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 400"));
        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 500"));
        assertThat(rail.status(ID)).isEqualTo(new RailAnswer.Unknown("the provider did not answer in time"));
        assertThat(warnings()).first().asString().contains("payment_not_found");
    }

    @Test
    void statusAsksOnlyAboutProviderPaymentIds() {
        for (String id : new String[] {"", "pay_", "../accounts", "pay_0123456789abcdef0123456/x", ID.toUpperCase()}) {
            assertThatThrownBy(() -> rail.status(id)).as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> rail.status(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void theTokenNeverReachesLogsAnswersOrToString() {
        server.enqueue(json(201, SETTLED));
        server.enqueue(json(401, "{\"code\":\"unauthorized\",\"message\":\"Bad token " + TOKEN + "\"}"));
        server.enqueue(json(400, "{\"code\":\"" + TOKEN + "\",\"message\":\"" + TOKEN + "\"}"));
        server.enqueue(json(500, "{\"message\":\"" + TOKEN + "\"}"));
        server.enqueue(json(201, SETTLED.replace("\"settled\"", "\"" + TOKEN + "\"")));
        server.enqueue(json(404, "{\"code\":\"" + TOKEN + "\"}"));

        List<Object> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seen.add(rail.send(payment("pmt-0015")));
        }
        seen.add(rail.status(ID));
        seen.add(rail);

        assertThat(logs.list).hasSizeGreaterThan(5);
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage().toLowerCase()).doesNotContain("5ecr3t");
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(TOKEN);
            }
        }
        for (Object thing : seen) {
            assertThat(String.valueOf(thing).toLowerCase()).doesNotContain("5ecr3t");
        }
    }

    // ---- against the sandbox ------------------------------------------------------------------------------

    /** The client and the real sandbox over HTTP, on the sandbox's own schema in a fresh database. */
    @Nested
    class AgainstTheSandbox {
        private static TestBank bank;
        private static SandboxProvider sandbox;
        private static ProviderPayments payments;

        @BeforeAll
        static void startBank() {
            bank = TestBank.create();
            sandbox = bank.runtime().sandboxProvider().orElseThrow();
            payments = new ProviderPayments(sandbox.url(), sandbox.token(), ProviderConfig.sandbox());
        }

        @AfterEach
        void behave() {
            sandbox.behave();
        }

        @AfterAll
        static void stopBank() {
            payments.close();
            bank.close();
        }

        private static String newKey() {
            return "pmt-" + UUID.randomUUID();
        }

        private static String settledId(RailAnswer answer) {
            assertThat(answer).isInstanceOf(RailAnswer.Settled.class);
            return ((RailAnswer.Settled) answer).providerPaymentId();
        }

        @Test
        void aPaymentSettlesAtOnceAndAStatusReadSaysTheSame() {
            Instant before = Instant.now().minusSeconds(1);

            RailAnswer answer = payments.send(payment(newKey()));

            assertThat(answer).isInstanceOfSatisfying(RailAnswer.Settled.class, settled -> {
                assertThat(settled.providerPaymentId()).matches("pay_[a-z0-9]{24}");
                assertThat(settled.settledAt()).isBetween(before, Instant.now().plusSeconds(1));
            });
            assertThat(payments.status(settledId(answer))).isEqualTo(answer);
        }

        @Test
        void aDelayedPaymentIsPendingThenSettledOnceTheDelayHasPassed() throws InterruptedException {
            sandbox.paymentSettlementDelay(Duration.ofMillis(400));
            String key = newKey();

            RailAnswer first = payments.send(payment(key));
            assertThat(first).isInstanceOf(RailAnswer.Accepted.class);
            String id = ((RailAnswer.Accepted) first).providerPaymentId();
            assertThat(payments.status(id)).isEqualTo(first);

            Thread.sleep(600);
            assertThat(payments.status(id)).isInstanceOfSatisfying(RailAnswer.Settled.class,
                    settled -> assertThat(settled.providerPaymentId()).isEqualTo(id));
            assertThat(settledId(payments.send(payment(key)))).as("a replay shows the current status").isEqualTo(id);
        }

        @Test
        void thePayeesBankRejectsOnDemand() {
            sandbox.failNext(Endpoint.PAYMENT, 1, Failure.REJECT_ACCOUNT_CLOSED);
            RailAnswer closed = payments.send(payment(newKey()));
            sandbox.failNext(Endpoint.PAYMENT, 1, Failure.REJECT_NAME_MISMATCH);
            RailAnswer mismatch = payments.send(payment(newKey()));

            assertThat(closed).isInstanceOfSatisfying(RailAnswer.Rejected.class, rejected -> {
                assertThat(rejected.code()).isEqualTo("account_closed");
                assertThat(rejected.reason()).isEqualTo("the payee's bank says the account is closed");
                assertThat(payments.status(rejected.providerPaymentId().orElseThrow())).isEqualTo(rejected);
            });
            assertThat(mismatch).isInstanceOfSatisfying(RailAnswer.Rejected.class,
                    rejected -> assertThat(rejected.code()).isEqualTo("name_mismatch"));
            assertThat(payments.send(payment(newKey()))).as("then it behaves again").isInstanceOf(RailAnswer.Settled.class);
        }

        @Test
        void theSameKeyTwiceIsOnePayment() {
            String key = newKey();
            long before = sandbox.payments();

            RailAnswer first = payments.send(payment(key));
            RailAnswer again = payments.send(payment(key));

            assertThat(settledId(again)).isEqualTo(settledId(first));
            assertThat(sandbox.payments() - before).isEqualTo(1);
        }

        @Test
        void aRefusedRequestIsRejectedByTheProviderAndPaysNothing() {
            long before = sandbox.payments();
            OutgoingPayment badIban = new OutgoingPayment(newKey(), AccountNumber.fromSerial(1234), "Jane Doe",
                    "DE89370400440532013001", Money.of("45.00", "EUR"), "");

            assertThat(payments.send(badIban)).isEqualTo(new RailAnswer.Rejected(Optional.empty(), "refused_by_provider", REFUSED_REASON));
            assertThat(sandbox.payments()).isEqualTo(before);
        }

        @Test
        void anErrorAfterPayingIsUnknownAndTheRetryWithTheSameKeyFindsTheOnePayment() {
            String key = newKey();
            long before = sandbox.payments();
            sandbox.failNext(Endpoint.PAYMENT, 1, Failure.ERROR_AFTER_OPENING);

            assertThat(payments.send(payment(key))).isEqualTo(new RailAnswer.Unknown("the provider answered HTTP 500"));
            String id = settledId(payments.send(payment(key)));

            assertThat(settledId(payments.send(payment(key)))).isEqualTo(id);
            assertThat(sandbox.payments() - before).isEqualTo(1);
        }

        @Test
        void aDroppedConnectionIsUnknownAndTheRetryFindsTheOnePayment() {
            String key = newKey();
            long before = sandbox.payments();
            sandbox.failNext(Endpoint.PAYMENT, 1, Failure.DROP_AFTER_OPENING);

            assertThat(payments.send(payment(key))).isEqualTo(new RailAnswer.Unknown("the connection to the provider broke before it answered"));
            String id = settledId(payments.send(payment(key)));

            assertThat(settledId(payments.send(payment(key)))).isEqualTo(id);
            assertThat(sandbox.payments() - before).isEqualTo(1);
        }

        @Test
        void aStalledAnswerTimesOutAsUnknownAndTheRetryFindsTheOnePayment() {
            String key = newKey();
            long before = sandbox.payments();
            sandbox.latency(Endpoint.PAYMENT, Duration.ofMillis(1500));
            try (ProviderPayments impatient = rail(sandbox.url(), sandbox.token(), 2)) {
                assertThat(impatient.send(payment(key))).isEqualTo(new RailAnswer.Unknown("the provider did not answer in time"));
                sandbox.latency(Endpoint.PAYMENT, Duration.ZERO);
                String id = settledId(impatient.send(payment(key)));
                assertThat(settledId(payments.send(payment(key)))).isEqualTo(id);
            }
            assertThat(sandbox.payments() - before).isEqualTo(1);
        }

        @Test
        void aPaymentIdTheSandboxNeverGaveIsUnknown() {
            assertThat(payments.status("pay_000000000000000000000000"))
                    .isEqualTo(new RailAnswer.Unknown("the provider does not know this payment"));
        }
    }
}
