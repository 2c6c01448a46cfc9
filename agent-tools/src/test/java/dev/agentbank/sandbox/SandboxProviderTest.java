package dev.agentbank.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.config.ProviderConfig;
import dev.agentbank.config.Secret;
import dev.agentbank.lending.application.CreditCheck;
import dev.agentbank.lending.application.CreditReport;
import dev.agentbank.lending.http.ProviderCreditBureau;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.onboarding.http.ProviderResult;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.sandbox.SandboxProvider.Endpoint;
import dev.agentbank.sandbox.SandboxProvider.Failure;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.testing.TestBank;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sandbox keeps the contract in docs/provider-openapi.yaml, seen through the real client. */
class SandboxProviderTest {
    private static TestBank bank;
    private static SandboxProvider sandbox;
    private static ProviderClient client;
    private static ProviderCreditBureau bureau;

    @BeforeAll
    static void start() {
        bank = TestBank.create();
        sandbox = bank.runtime().sandboxProvider().orElseThrow();
        client = new ProviderClient(sandbox.url(), sandbox.token(), ProviderConfig.sandbox());
        bureau = new ProviderCreditBureau(sandbox.url(), sandbox.token(), ProviderConfig.sandbox());
    }

    @AfterEach
    void behave() {
        sandbox.behave();
    }

    @AfterAll
    static void stop() {
        bureau.close();
        client.close();
        bank.close();
    }

    @Test
    void opensWithValidNumbersAndReplaysARepeatedKey() {
        IdempotencyKey key = TestBank.newKey();
        OpenAccountRequest request = new OpenAccountRequest(41, "Everyday", "retail-savings");

        ProviderResult first = client.openAccount(request, key);
        ProviderResult again = client.openAccount(request, key);

        assertThat(first).isInstanceOfSatisfying(ProviderResult.Opened.class, opened -> {
            assertThat(opened.account().number().value()).matches("AB9\\d{9}");
            assertThat(opened.account().openingBalance().amount()).isEqualByComparingTo("25.00");
        });
        assertThat(again).isEqualTo(first);
        assertThat(client.accountsOf(41)).hasSize(1);
        assertThat(client.account(((ProviderResult.Opened) first).account().number())).isPresent();
    }

    @Test
    void rejectsWhatTheContractRejects() {
        IdempotencyKey key = TestBank.newKey();
        client.openAccount(new OpenAccountRequest(42, "Everyday", "retail-checking"), key);

        assertThat(client.openAccount(new OpenAccountRequest(42, "Other name", "retail-checking"), key))
                .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("idempotency_key_reused"));
        assertThat(client.openAccount(new OpenAccountRequest(42, "Gold", "retail-gold"), TestBank.newKey()))
                .isEqualTo(new ProviderResult.Rejected(422, "unknown_product", "Unknown product_code; use one of retail-checking, retail-savings."));
        assertThat(client.openAccount(new OpenAccountRequest(42, "x".repeat(101), "retail-checking"), TestBank.newKey()))
                .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.status()).isEqualTo(400));
        try (ProviderClient stranger = new ProviderClient(sandbox.url(), new Secret("wrong-token"), ProviderConfig.sandbox())) {
            assertThat(stranger.openAccount(new OpenAccountRequest(42, "Everyday", "retail-checking"), TestBank.newKey()))
                    .isInstanceOfSatisfying(ProviderResult.Rejected.class, r -> assertThat(r.code()).isEqualTo("unauthorized"));
        }
        assertThat(client.accountsOf(42)).hasSize(1);
    }

    @Test
    void a503IsRetriedWithTheSameKeyAndThenSucceeds() {
        sandbox.failNext(1, SandboxProvider.Failure.UNAVAILABLE);
        long before = sandbox.openings();

        ProviderResult result = client.openAccount(new OpenAccountRequest(43, "Patient", "retail-checking"), TestBank.newKey());

        assertThat(result).isInstanceOf(ProviderResult.Opened.class);
        assertThat(sandbox.openings()).isEqualTo(before + 1);
    }

    // ---- credit reports -----------------------------------------------------------------------------------

    private static CreditReport found(CreditCheck check) {
        assertThat(check).isInstanceOf(CreditCheck.Found.class);
        return ((CreditCheck.Found) check).report();
    }

    /** The contract's rule for a customer nobody pinned (CreditReport schema), computed here independently. */
    private static int[] documentedProfile(long customerId) throws NoSuchAlgorithmException {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(("credit:" + customerId).getBytes(StandardCharsets.UTF_8));
        long head = Integer.toUnsignedLong(((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff));
        int score = (int) (300 + head % 551);
        int b = h[4] & 0xff;
        int delinquencies = score >= 700 ? 0 : score >= 600 ? (b % 4 == 0 ? 1 : 0) : score >= 450 ? 1 + b % 2 : 2 + b % 2;
        return new int[] {score, delinquencies};
    }

    private static String reference(long customerId, int score, int delinquencies) throws NoSuchAlgorithmException {
        byte[] h = MessageDigest.getInstance("SHA-256")
                .digest(("report:" + customerId + ":" + score + ":" + delinquencies).getBytes(StandardCharsets.UTF_8));
        return "sbx-" + HexFormat.of().formatHex(h).substring(0, 16);
    }

    private record Raw(int status, String body) {}

    /** A request the real clients never make, over the JDK's own HTTP client. */
    private static Raw raw(String method, String path, String body, boolean withToken) throws IOException, InterruptedException {
        return raw(method, path, body, withToken, null);
    }

    private static Raw raw(String method, String path, String body, boolean withToken, String idempotencyKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sandbox.url().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (withToken) {
            request.header("Authorization", "Bearer " + sandbox.token().value());
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(response.statusCode(), response.body());
        }
    }

    @Test
    void everyCustomerHasTheSameReportOnEveryCallFollowingTheDocumentedRule() throws NoSuchAlgorithmException {
        Instant before = Instant.now().minusSeconds(1);
        int low = 0;
        int high = 0;
        for (long customerId : new long[] {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181,
                6765, 10946, 17711, 28657, 46368, 75025, 121393, 196418, 317811, 514229, 832040, 1346269, Long.MAX_VALUE}) {
            CreditReport first = found(bureau.report(customerId));
            CreditReport again = found(bureau.report(customerId));

            int[] documented = documentedProfile(customerId);
            assertThat(first.customerId()).isEqualTo(customerId);
            assertThat(first.score()).as("customer %d", customerId).isBetween(300, 850).isEqualTo(documented[0]);
            assertThat(first.delinquencies()).as("customer %d", customerId).isBetween(0, 3).isEqualTo(documented[1]);
            assertThat(first.bureauReference()).isEqualTo(reference(customerId, first.score(), first.delinquencies()));
            assertThat(first.reportedAt()).isBetween(before, Instant.now().plusSeconds(1));
            assertThat(again).usingRecursiveComparison().ignoringFields("reportedAt").isEqualTo(first);
            if (first.score() >= 700) {
                assertThat(first.delinquencies()).as("a good score has no delinquencies").isZero();
                high++;
            }
            if (first.score() < 450) {
                assertThat(first.delinquencies()).as("a poor score carries delinquencies").isGreaterThanOrEqualTo(2);
                low++;
            }
        }
        assertThat(low).as("some customers score poorly").isPositive();
        assertThat(high).as("some customers score well").isPositive();
    }

    @Test
    void aPinnedProfileWinsOverTheDerivedReport() {
        CreditReport derived = found(bureau.report(9_001));

        sandbox.setCreditProfile(9_001, 420, 3);
        CreditReport pinned = found(bureau.report(9_001));
        sandbox.setCreditProfile(9_001, 810, 0);
        CreditReport repinned = found(bureau.report(9_001));
        sandbox.setNoCreditFile(9_002);

        assertThat(pinned.score()).isEqualTo(420);
        assertThat(pinned.delinquencies()).isEqualTo(3);
        assertThat(pinned.bureauReference()).as("the reference changes with the report").isNotEqualTo(derived.bureauReference());
        assertThat(repinned.score()).isEqualTo(810);
        assertThat(repinned.delinquencies()).isZero();
        assertThat(bureau.report(9_002)).isEqualTo(new CreditCheck.NoReport("the provider holds no credit file for this customer"));
        assertThat(found(bureau.report(9_003)).score()).as("a pin is for its customer only").isEqualTo(documentedScore(9_003));
        assertThatThrownBy(() -> sandbox.setCreditProfile(9_004, 299, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.setCreditProfile(9_004, 851, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.setCreditProfile(9_004, 700, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sandbox.setCreditProfile(0, 700, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int documentedScore(long customerId) {
        try {
            return documentedProfile(customerId)[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void operatorsPinProfilesOverHttpBehindTheToken() throws IOException, InterruptedException {
        assertThat(raw("POST", "/sandbox/credit-profiles", "{\"customer_id\":9101,\"score\":555,\"delinquencies\":2}", true).status())
                .isEqualTo(200);
        assertThat(raw("POST", "/sandbox/credit-profiles", "{\"customer_id\":9102,\"no_file\":true}", true).status()).isEqualTo(200);

        CreditReport pinned = found(bureau.report(9_101));
        assertThat(pinned.score()).isEqualTo(555);
        assertThat(pinned.delinquencies()).isEqualTo(2);
        assertThat(bureau.report(9_102)).isInstanceOf(CreditCheck.NoReport.class);

        for (String bad : new String[] {"not json", "[]", "{\"customer_id\":9103,\"score\":900,\"delinquencies\":0}",
                "{\"customer_id\":9103,\"score\":600}", "{\"customer_id\":9103,\"score\":600,\"delinquencies\":-1}",
                "{\"customer_id\":9103,\"score\":\"600\",\"delinquencies\":0}", "{\"customer_id\":0,\"score\":600,\"delinquencies\":0}",
                "{\"customer_id\":9103,\"no_file\":false}", "{\"customer_id\":9103,\"no_file\":true,\"score\":600}",
                "{\"customer_id\":9103,\"score\":600,\"delinquencies\":0,\"extra\":1}"}) {
            Raw answer = raw("POST", "/sandbox/credit-profiles", bad, true);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.body()).contains("invalid_request");
        }
        assertThat(raw("POST", "/sandbox/credit-profiles", "{\"customer_id\":9103,\"score\":300,\"delinquencies\":3}", false).status())
                .isEqualTo(401);
        assertThat(found(bureau.report(9_103)).score()).as("nothing pinned by a refused request").isEqualTo(documentedScore(9_103));
    }

    @Test
    void theCreditReportEndpointRefusesWhatTheContractRefuses() throws IOException, InterruptedException {
        for (String id : new String[] {"abc", "0", "-3", "007", "4.2", "99999999999999999999", ""}) {
            Raw answer = raw("GET", "/v1/credit-reports/" + id, null, true);
            assertThat(answer.status()).as(id).isEqualTo(400);
            assertThat(answer.body()).contains("invalid_request");
        }
        assertThat(raw("GET", "/v1/credit-reports/42", null, false).status()).isEqualTo(401);
        assertThat(raw("DELETE", "/v1/credit-reports/42", null, true).status()).isEqualTo(405);
        try (ProviderCreditBureau stranger = new ProviderCreditBureau(sandbox.url(), new Secret("wrong-token"), ProviderConfig.sandbox())) {
            assertThat(stranger.report(42)).isEqualTo(new CreditCheck.Unavailable("the provider refused the bank's credentials (HTTP 401)"));
        }
    }

    @Test
    void injectedCreditReportFaultsGiveUnavailableNeverADecision() {
        sandbox.failNext(Endpoint.CREDIT_REPORT, 3, Failure.UNAVAILABLE);
        assertThat(bureau.report(9_201)).as("503 on every attempt").isEqualTo(new CreditCheck.Unavailable("the provider answered HTTP 503"));
        assertThat(bureau.report(9_201)).as("the sandbox behaves again").isInstanceOf(CreditCheck.Found.class);

        sandbox.failNext(Endpoint.CREDIT_REPORT, 1, Failure.UNAVAILABLE);
        assertThat(bureau.report(9_201)).as("one 503, then the retry").isInstanceOf(CreditCheck.Found.class);

        sandbox.failNext(Endpoint.CREDIT_REPORT, 1, Failure.ERROR_AFTER_OPENING);
        assertThat(bureau.report(9_201)).isEqualTo(new CreditCheck.Unavailable("the provider answered HTTP 500"));

        sandbox.failNext(Endpoint.CREDIT_REPORT, 1, Failure.DROP_AFTER_OPENING);
        assertThat(bureau.report(9_201)).isEqualTo(new CreditCheck.Unavailable("the connection to the provider broke before it answered"));

        sandbox.setNoCreditFile(9_202);
        sandbox.failNext(Endpoint.CREDIT_REPORT, 1, Failure.ERROR_AFTER_OPENING);
        assertThat(bureau.report(9_202)).as("a 500 hides even a definite no-file").isInstanceOf(CreditCheck.Unavailable.class);
        assertThat(bureau.report(9_202)).isInstanceOf(CreditCheck.NoReport.class);
    }

    @Test
    void aStalledCreditReportTimesOutAsUnavailable() {
        sandbox.latency(Endpoint.CREDIT_REPORT, Duration.ofMillis(1500));
        try (ProviderCreditBureau impatient = new ProviderCreditBureau(sandbox.url(), sandbox.token(), Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofSeconds(2), 2, Duration.ofMillis(10), Clock.systemUTC())) {
            long started = System.nanoTime();
            assertThat(impatient.report(9_301)).isEqualTo(new CreditCheck.Unavailable("the provider did not answer in time"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1400));
            assertThat(client.openAccount(new OpenAccountRequest(9_301, "Quick", "retail-checking"), TestBank.newKey()))
                    .as("openings keep their own latency").isInstanceOf(ProviderResult.Opened.class);
            sandbox.latency(Endpoint.CREDIT_REPORT, Duration.ZERO);
            assertThat(impatient.report(9_301)).isInstanceOf(CreditCheck.Found.class);
        }
    }

    @Test
    void faultsHitOnlyTheEndpointTheyWereSetFor() {
        sandbox.failNext(Endpoint.CREDIT_REPORT, 5, Failure.ERROR_AFTER_OPENING);
        assertThat(client.openAccount(new OpenAccountRequest(9_401, "Unbothered", "retail-checking"), TestBank.newKey()))
                .isInstanceOf(ProviderResult.Opened.class);
        sandbox.behave();

        sandbox.failNext(1, Failure.ERROR_AFTER_OPENING);
        assertThat(bureau.report(9_401)).isInstanceOf(CreditCheck.Found.class);
        assertThat(client.openAccount(new OpenAccountRequest(9_401, "Still pending", "retail-checking"), TestBank.newKey()))
                .as("the opening fault waited for an opening").isInstanceOf(ProviderResult.Unknown.class);
    }

    @Test
    void operatorsInjectCreditReportFaultsOverHttp() throws IOException, InterruptedException {
        Raw set = raw("POST", "/sandbox/faults", "{\"endpoint\":\"credit_report\",\"failure\":\"error_after_opening\",\"count\":1}", true);
        assertThat(set.status()).isEqualTo(200);
        assertThat(set.body()).contains("\"endpoint\":\"credit_report\"");
        assertThat(bureau.report(9_501)).isEqualTo(new CreditCheck.Unavailable("the provider answered HTTP 500"));
        assertThat(bureau.report(9_501)).isInstanceOf(CreditCheck.Found.class);

        assertThat(raw("POST", "/sandbox/faults", "{\"endpoint\":\"ledger\",\"failure\":\"unavailable\"}", true).status()).isEqualTo(400);
        raw("POST", "/sandbox/faults", "{\"endpoint\":\"credit_report\",\"failure\":\"unavailable\",\"count\":9}", true);
        assertThat(raw("DELETE", "/sandbox/faults", null, true).status()).isEqualTo(200);
        assertThat(bureau.report(9_501)).as("DELETE clears every endpoint").isInstanceOf(CreditCheck.Found.class);
    }

    // ---- payments -----------------------------------------------------------------------------------------

    private static final String PAYMENT = """
            {"debtor_account":"AB0000123482","creditor_name":"Jane Doe","creditor_iban":"DE89370400440532013000",
             "amount":"45.00","currency":"EUR","reference":"Invoice 42"}""";

    private static String payKey() {
        return "pay-test-" + TestBank.newKey().value();
    }

    @Test
    void aPaymentIsMadeOnceAndReadBackByItsId() throws Exception {
        String key = payKey();
        long before = sandbox.payments();

        Raw made = raw("POST", "/v1/payments", PAYMENT, true, key);
        Raw replayed = raw("POST", "/v1/payments", PAYMENT.replace("\"45.00\"", "\"45.0\""), true, key);

        assertThat(made.status()).isEqualTo(201);
        JsonNode payment = new ObjectMapper().readTree(made.body());
        assertThat(payment.path("id").asText()).matches("pay_[a-z0-9]{24}");
        assertThat(payment.path("status").asText()).isEqualTo("settled");
        assertThat(payment.path("amount").asText()).isEqualTo("45.00");
        assertThat(payment.path("currency").asText()).isEqualTo("EUR");
        assertThat(payment.path("creditor_iban").asText()).isEqualTo("DE89370400440532013000");
        assertThat(payment.has("created_at")).isTrue();
        assertThat(payment.has("settled_at")).isTrue();
        assertThat(replayed.status()).as("the same amount at another scale is the same request").isEqualTo(201);
        assertThat(new ObjectMapper().readTree(replayed.body()).path("id")).isEqualTo(payment.path("id"));
        assertThat(sandbox.payments() - before).isEqualTo(1);
        Raw read = raw("GET", "/v1/payments/" + payment.path("id").asText(), null, true);
        assertThat(read.status()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(read.body())).isEqualTo(payment);
    }

    @Test
    void thePaymentEndpointsRefuseWhatTheContractRefuses() throws Exception {
        long before = sandbox.payments();
        for (String bad : new String[] {
                PAYMENT.replace("DE89370400440532013000", "DE89370400440532013001"),   // check digits
                PAYMENT.replace("DE89370400440532013000", "DE89 3704 0044 0532 0130 00"), // printed, not electronic
                PAYMENT.replace("DE89370400440532013000", "de89370400440532013000"),
                PAYMENT.replace("DE89370400440532013000", "XX89370400440532013000"),
                PAYMENT.replace("DE89370400440532013000", ""),
                PAYMENT.replace("\"creditor_iban\":\"DE89370400440532013000\",", ""),
                PAYMENT.replace("AB0000123482", "AB0000123483"), PAYMENT.replace("AB0000123482", "ab0000123482"),
                PAYMENT.replace("Jane Doe", ""), PAYMENT.replace("Jane Doe", "x".repeat(71)), PAYMENT.replace("Jane Doe", "Jane\\nDoe"),
                PAYMENT.replace("\"45.00\"", "45.00"), PAYMENT.replace("45.00", "-45.00"), PAYMENT.replace("45.00", "0.00"),
                PAYMENT.replace("45.00", "45.001"), PAYMENT.replace("45.00", "4.5e1"), PAYMENT.replace("\"EUR\"", "\"EURO\""),
                PAYMENT.replace("\"EUR\"", "\"XYZ\""), PAYMENT.replace("Invoice 42", "x".repeat(141)),
                PAYMENT.replace("Invoice 42", "a\\u0007b"), "not json", "[]"}) {
            Raw answer = raw("POST", "/v1/payments", bad, true, payKey());
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.body()).contains("invalid_request");
        }
        Raw keyless = raw("POST", "/v1/payments", PAYMENT, true, null);
        assertThat(keyless.status()).isEqualTo(400);
        assertThat(keyless.body()).contains("idempotency_key_required");

        String key = payKey();
        assertThat(raw("POST", "/v1/payments", PAYMENT, true, key).status()).isEqualTo(201);
        Raw reused = raw("POST", "/v1/payments", PAYMENT.replace("45.00", "46.00"), true, key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body()).contains("idempotency_key_reused");
        assertThat(sandbox.payments() - before).as("only the one valid payment").isEqualTo(1);

        assertThat(raw("POST", "/v1/payments", PAYMENT, false, payKey()).status()).isEqualTo(401);
        assertThat(raw("GET", "/v1/payments/pay_000000000000000000000000", null, true).body()).contains("payment_not_found");
        assertThat(raw("GET", "/v1/payments/nonsense", null, true).status()).isEqualTo(404);
        assertThat(raw("DELETE", "/v1/payments/pay_000000000000000000000000", null, true).status()).isEqualTo(405);
        assertThat(raw("GET", "/v1/payments", null, true).status()).isEqualTo(405);
    }

    @Test
    void operatorsSetPaymentFaultsAndASettlementDelayOverHttp() throws Exception {
        Raw delay = raw("POST", "/sandbox/faults", "{\"endpoint\":\"payment\",\"settle_after_ms\":60000}", true);
        assertThat(delay.status()).isEqualTo(200);
        assertThat(delay.body()).contains("\"settle_after_ms\":60000");
        JsonNode pending = new ObjectMapper().readTree(raw("POST", "/v1/payments", PAYMENT, true, payKey()).body());
        assertThat(pending.path("status").asText()).as("a delay alone injects no failure").isEqualTo("pending");
        assertThat(pending.has("settled_at")).isFalse();

        assertThat(raw("POST", "/sandbox/faults", "{\"endpoint\":\"payment\",\"failure\":\"reject_name_mismatch\",\"count\":1}", true)
                .status()).isEqualTo(200);
        JsonNode rejected = new ObjectMapper().readTree(raw("POST", "/v1/payments", PAYMENT, true, payKey()).body());
        assertThat(rejected.path("status").asText()).isEqualTo("rejected");
        assertThat(rejected.path("reason_code").asText()).isEqualTo("name_mismatch");
        assertThat(rejected.path("reason").asText()).isNotBlank();

        for (String bad : new String[] {"{\"endpoint\":\"credit_report\",\"failure\":\"reject_account_closed\"}",
                "{\"endpoint\":\"account_opening\",\"settle_after_ms\":10}", "{\"endpoint\":\"payment\",\"settle_after_ms\":-1}",
                "{\"endpoint\":\"payment\",\"settle_after_ms\":\"soon\"}"}) {
            Raw answer = raw("POST", "/sandbox/faults", bad, true);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.body()).contains("payment").contains("reject_name_mismatch").contains("settle_after_ms");
        }
        assertThatThrownBy(() -> sandbox.failNext(Endpoint.ACCOUNT_OPENING, 1, Failure.REJECT_ACCOUNT_CLOSED))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(raw("DELETE", "/sandbox/faults", null, true).status()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(raw("POST", "/v1/payments", PAYMENT, true, payKey()).body()).path("status").asText())
                .as("DELETE clears the settlement delay too").isEqualTo("settled");
    }
}
