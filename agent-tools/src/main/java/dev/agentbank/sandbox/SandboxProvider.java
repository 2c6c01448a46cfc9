package dev.agentbank.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.config.Secret;
import dev.agentbank.onboarding.model.Product;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.text.PlainText;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.iban4j.Iban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retail-banking provider for development and tests: a real HTTP server implementing docs/provider-openapi.yaml,
 * keeping its accounts in its own schema ({@value #SCHEMA}) of the bank's database.
 *
 * <p>It honours {@code Idempotency-Key} (same key and body: the original 201 again; same key, other body: 422),
 * and misbehaves on demand, from code ({@link #failNext}, {@link #latency}) or over HTTP
 * ({@code POST /sandbox/faults} with {@code {"failure": "unavailable", "count": 2, "latency_ms": 0}},
 * {@code DELETE /sandbox/faults}), both behind the same bearer token. Faults hit one {@link Endpoint} each: account
 * openings unless another is named.
 *
 * <p>Credit reports ({@code GET /v1/credit-reports/{customer_id}}): every positive customer id has one, derived
 * from a SHA-256 of {@code "credit:" + customerId} (the rule is in the contract's CreditReport schema), so the same
 * customer gets the same score and delinquencies on every call and every sandbox. A pinned profile wins
 * ({@link #setCreditProfile}, {@link #setNoCreditFile}, {@code POST /sandbox/credit-profiles}); pins are kept in
 * {@code provider_sandbox.credit_profile}.
 *
 * <p>Payments ({@code POST /v1/payments}, {@code GET /v1/payments/{payment_id}}) are kept in
 * {@code provider_sandbox.payment}, one row per Idempotency-Key. They settle at once unless a settlement delay is
 * set ({@link #paymentSettlementDelay}, {@code "settle_after_ms"}): then the 201 says pending and every later read
 * or replay says settled once the delay has passed since the payment was made (computed on reading, no background
 * thread). On demand the next payments are rejected by the payee's bank ({@link Failure#REJECT_ACCOUNT_CLOSED},
 * {@link Failure#REJECT_NAME_MISMATCH}); faults and latency for {@link Endpoint#PAYMENT} hit the POST only.
 */
public final class SandboxProvider implements AutoCloseable {
    public static final String SCHEMA = "provider_sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxProvider.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern ACCOUNT_PATH = Pattern.compile("/v1/accounts/([^/]+)");
    private static final Pattern CREDIT_REPORT_PATH = Pattern.compile("/v1/credit-reports/([^/]*)");
    private static final Pattern PAYMENT_PATH = Pattern.compile("/v1/payments/([^/]*)");
    private static final Pattern POSITIVE_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    // The sandbox's own product terms: savings accounts open with a bonus, so the opening-balance path is exercised.
    private static final Map<String, BigDecimal> OPENING_BALANCE = Map.of(
            Product.RETAIL_CHECKING.code(), new BigDecimal("0.00"),
            Product.RETAIL_SAVINGS.code(), new BigDecimal("25.00"));

    /** What the sandbox does wrong, for the next few requests to one {@link Endpoint}. */
    public enum Failure {
        /** 503 with Retry-After: 1, before doing anything. A definite "not done". */
        UNAVAILABLE,
        /** Does the work (opens the account or makes the payment and commits; reads the credit report), then answers 500. */
        ERROR_AFTER_OPENING,
        /** Does the work (opens the account or makes the payment and commits; reads the credit report), then breaks the connection. */
        DROP_AFTER_OPENING,
        /** Payments only: the payment is made and at once rejected by the payee's bank, code {@code account_closed}. */
        REJECT_ACCOUNT_CLOSED,
        /** Payments only: the payment is made and at once rejected by the payee's bank, code {@code name_mismatch}. */
        REJECT_NAME_MISMATCH;

        boolean paymentsOnly() {
            return this == REJECT_ACCOUNT_CLOSED || this == REJECT_NAME_MISMATCH;
        }
    }

    /** Whose requests an injected fault or latency hits; each endpoint keeps its own. */
    public enum Endpoint {
        /** {@code POST /v1/accounts}. */
        ACCOUNT_OPENING,
        /** {@code GET /v1/credit-reports/{customer_id}}. */
        CREDIT_REPORT,
        /** {@code POST /v1/payments} (reads of a payment are never faulted). */
        PAYMENT
    }

    /** The faults in force for one endpoint. */
    private static final class Faults {
        final AtomicReference<Failure> failure = new AtomicReference<>();
        final AtomicInteger left = new AtomicInteger();
        final AtomicLong latencyMillis = new AtomicLong();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Jdbc jdbc;
    private final Secret token;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Endpoint, Faults> faults = new EnumMap<>(Endpoint.class);
    private final AtomicLong openings = new AtomicLong();
    private final AtomicLong payments = new AtomicLong();
    private final AtomicLong settlementDelayMillis = new AtomicLong();

    private SandboxProvider(HttpServer server, ExecutorService executor, DataSource dataSource, Secret token) {
        this.server = server;
        this.executor = executor;
        this.jdbc = new Jdbc(dataSource);
        this.token = token;
        for (Endpoint endpoint : Endpoint.values()) {
            faults.put(endpoint, new Faults());
        }
    }

    /** Migrates the sandbox schema and serves on {@code host:port} (port 0 picks a free one). */
    public static SandboxProvider start(DataSource dataSource, String host, int port, Secret token) {
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the sandbox needs a token");
        }
        migrate(dataSource);
        ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "provider-sandbox");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
            SandboxProvider sandbox = new SandboxProvider(server, executor, dataSource, token);
            server.createContext("/", sandbox::handle);
            server.setExecutor(executor);
            server.start();
            log.debug("provider sandbox listening on {}", sandbox.url());
            return sandbox;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalStateException("the provider sandbox could not listen on " + host + ":" + port, e);
        }
    }

    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .createSchemas(true)
                .table("flyway_schema_history")
                .locations("classpath:db/sandbox")
                .load()
                .migrate();
    }

    /** A random token for a sandbox nobody configured one for. */
    public static Secret newToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new Secret("sandbox-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    public Secret token() {
        return token;
    }

    /** The next {@code count} account openings fail this way; then the sandbox behaves again. */
    public void failNext(int count, Failure how) {
        failNext(Endpoint.ACCOUNT_OPENING, count, how);
    }

    /** The next {@code count} requests to {@code endpoint} fail this way; other endpoints keep their own faults. */
    public void failNext(Endpoint endpoint, int count, Failure how) {
        if (how.paymentsOnly() && endpoint != Endpoint.PAYMENT) {
            throw new IllegalArgumentException(how + " is for payments only");
        }
        Faults of = faults.get(endpoint);
        of.failure.set(how);
        of.left.set(count);
    }

    /** Every answer to an account opening waits this long after the work is done (zero to stop). */
    public void latency(Duration delay) {
        latency(Endpoint.ACCOUNT_OPENING, delay);
    }

    /** Every answer from {@code endpoint} waits this long after the work is done (zero to stop). */
    public void latency(Endpoint endpoint, Duration delay) {
        faults.get(endpoint).latencyMillis.set(delay.toMillis());
    }

    /**
     * Payments made from now on answer pending and settle this long after they were made (zero: settled in the 201).
     * Payments already made keep the delay they were made with.
     */
    public void paymentSettlementDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the settlement delay cannot be negative");
        }
        settlementDelayMillis.set(delay.toMillis());
    }

    /** No more injected failures, latency or settlement delay, on any endpoint. */
    public void behave() {
        for (Faults of : faults.values()) {
            of.left.set(0);
            of.latencyMillis.set(0);
        }
        settlementDelayMillis.set(0);
    }

    /**
     * From now on {@code GET /v1/credit-reports/{customerId}} reports this score and these delinquencies instead of
     * the derived ones (replacing any earlier pin for the customer).
     */
    public void setCreditProfile(long customerId, int score, int delinquencies) {
        if (score < MIN_SCORE || score > MAX_SCORE) {
            throw new IllegalArgumentException("score must be from " + MIN_SCORE + " to " + MAX_SCORE);
        }
        if (delinquencies < 0) {
            throw new IllegalArgumentException("delinquencies cannot be negative");
        }
        pin(customerId, score, delinquencies);
    }

    /** From now on the customer has no credit file: {@code GET /v1/credit-reports/{customerId}} answers 404. */
    public void setNoCreditFile(long customerId) {
        pin(customerId, null, null);
    }

    /** Accounts this sandbox has opened since it started (replays not counted). */
    public long openings() {
        return openings.get();
    }

    /** Payments this sandbox has made since it started, rejected ones included (replays not counted). */
    public long payments() {
        return payments.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        Reply(int status, JsonNode body) {
            this(status, body, Map.of());
        }
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange);
            } catch (RuntimeException e) {
                log.warn("provider sandbox failed on {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        e.getClass().getSimpleName());
                reply = error(500, "internal_error", "The provider failed; the outcome is unknown.");
            }
            if (reply == null) {
                // Leaving the handler by an exception, before any byte of the answer, makes the server close the
                // connection: the client sees it break after its request was processed.
                throw new DroppedOnPurpose();
            }
            byte[] body = reply.body().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            log.debug("provider sandbox could not answer: {}", e.getClass().getSimpleName());
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = readBody(exchange.getRequestBody());
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, "unauthorized", "A valid bearer token is required.");
        }
        if (path.equals("/v1/accounts")) {
            return switch (method) {
                case "POST" -> open(exchange, body);
                case "GET" -> list(exchange.getRequestURI().getRawQuery());
                default -> error(405, "method_not_allowed", "Use POST or GET on /v1/accounts.");
            };
        }
        Matcher account = ACCOUNT_PATH.matcher(path);
        if (account.matches()) {
            return method.equals("GET") ? find(account.group(1)) : error(405, "method_not_allowed", "Use GET on an account.");
        }
        Matcher creditReport = CREDIT_REPORT_PATH.matcher(path);
        if (creditReport.matches()) {
            return method.equals("GET") ? creditReport(creditReport.group(1)) : error(405, "method_not_allowed", "Use GET on a credit report.");
        }
        if (path.equals("/v1/payments")) {
            return method.equals("POST") ? pay(exchange, body) : error(405, "method_not_allowed", "Use POST on /v1/payments.");
        }
        Matcher payment = PAYMENT_PATH.matcher(path);
        if (payment.matches()) {
            return method.equals("GET") ? payment(payment.group(1)) : error(405, "method_not_allowed", "Use GET on a payment.");
        }
        if (path.equals("/sandbox/faults")) {
            return faults(method, body);
        }
        if (path.equals("/sandbox/credit-profiles")) {
            return method.equals("POST") ? pinCreditProfile(body) : error(405, "method_not_allowed", "Use POST on /sandbox/credit-profiles.");
        }
        return error(404, "not_found", "No such endpoint.");
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(64 * 1024 + 1);
        if (body.length > 64 * 1024) {
            throw new IOException("request body too large");
        }
        return body;
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8),
                token.value().getBytes(StandardCharsets.UTF_8));
    }

    private Reply open(HttpExchange exchange, byte[] body) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || !KEY.matcher(key).matches()) {
            return error(400, "idempotency_key_required", "Send an Idempotency-Key header of 1 to 255 printable ASCII characters.");
        }
        Failure injected = takeFailure(Endpoint.ACCOUNT_OPENING);
        if (injected == Failure.UNAVAILABLE) {
            return unavailable();
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            return error(400, "invalid_request", "The body must be a JSON object.");
        }
        if (request == null || !request.isObject()) {
            return error(400, "invalid_request", "The body must be a JSON object.");
        }
        JsonNode customer = request.path("customer_id");
        String name = request.path("name").isTextual() ? request.path("name").asText() : null;
        String product = request.path("product_code").isTextual() ? request.path("product_code").asText() : null;
        if (!customer.isIntegralNumber() || !customer.canConvertToLong() || customer.asLong() <= 0) {
            return error(400, "invalid_request", "customer_id must be a positive integer.");
        }
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > 100
                || PlainText.hasControlCharacters(name)) {
            return error(400, "invalid_request", "name must be 1 to 100 characters without control characters.");
        }
        if (product == null || !OPENING_BALANCE.containsKey(product)) {
            return error(422, "unknown_product", "Unknown product_code; use one of " + Product.codes() + ".");
        }
        String hash = sha256(customer.asLong() + "\u001f" + name + "\u001f" + product);
        Reply reply = openOnce(key, hash, customer.asLong(), name, product);
        sleepLatency(Endpoint.ACCOUNT_OPENING);
        if (reply.status() == 201 && injected == Failure.ERROR_AFTER_OPENING) {
            return error(500, "internal_error", "The provider failed; the outcome is unknown.");
        }
        if (reply.status() == 201 && injected == Failure.DROP_AFTER_OPENING) {
            return null;
        }
        return reply;
    }

    /** The first request under a key opens; later ones with the same body replay it. One transaction. */
    private Reply openOnce(String key, String hash, long customerId, String name, String product) {
        return jdbc.inTransaction("open the sandbox account", connection -> openOnce(connection, key, hash, customerId, name, product));
    }

    private Reply openOnce(Connection connection, String key, String hash, long customerId, String name, String product)
            throws SQLException {
        // A concurrent twin waits here on the key's unique index until the first commits, then replays it.
        try (PreparedStatement claim = connection.prepareStatement(
                "INSERT INTO provider_sandbox.idempotency_key (key, request_hash) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")) {
            claim.setString(1, key);
            claim.setString(2, hash);
            if (claim.executeUpdate() == 0) {
                return replay(connection, key, hash);
            }
        }
        long serial;
        try (PreparedStatement next = connection.prepareStatement("SELECT nextval('provider_sandbox.account_serial')");
             ResultSet rs = next.executeQuery()) {
            rs.next();
            serial = rs.getLong(1);
        }
        String number = AccountNumber.fromSerial(serial).value();
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO provider_sandbox.account (account_number, customer_id, name, product_code, currency, opening_balance, status)
                VALUES (?, ?, ?, ?, ?, ?, 'active')""")) {
            insert.setString(1, number);
            insert.setLong(2, customerId);
            insert.setString(3, name);
            insert.setString(4, product);
            insert.setString(5, Product.byCode(product).orElseThrow().currency().getCurrencyCode());
            insert.setBigDecimal(6, OPENING_BALANCE.get(product));
            insert.executeUpdate();
        }
        try (PreparedStatement link = connection.prepareStatement(
                "UPDATE provider_sandbox.idempotency_key SET account_number = ? WHERE key = ?")) {
            link.setString(1, number);
            link.setString(2, key);
            link.executeUpdate();
        }
        openings.incrementAndGet();
        return new Reply(201, fetch(connection, number).orElseThrow());
    }

    private Reply replay(Connection connection, String key, String hash) throws SQLException {
        try (PreparedStatement earlier = connection.prepareStatement(
                "SELECT request_hash, account_number FROM provider_sandbox.idempotency_key WHERE key = ?")) {
            earlier.setString(1, key);
            try (ResultSet rs = earlier.executeQuery()) {
                rs.next();
                if (!rs.getString(1).equals(hash)) {
                    return error(422, "idempotency_key_reused", "This Idempotency-Key was already used with a different request body.");
                }
                return new Reply(201, fetch(connection, rs.getString(2)).orElseThrow(), Map.of("Idempotent-Replayed", "true"));
            }
        }
    }

    private Reply find(String rawNumber) {
        Optional<AccountNumber> number = AccountNumber.parse(rawNumber);
        if (number.isEmpty()) {
            return error(404, "account_not_found", "No such account.");
        }
        return jdbc.query("read the sandbox account", connection -> fetch(connection, number.get().value()))
                .map(body -> new Reply(200, body))
                .orElseGet(() -> error(404, "account_not_found", "No such account."));
    }

    private Reply list(String query) {
        long customerId;
        try {
            if (query == null || !query.startsWith("customer_id=")) {
                throw new NumberFormatException();
            }
            customerId = Long.parseLong(query.substring("customer_id=".length()));
        } catch (NumberFormatException e) {
            return error(400, "invalid_request", "Pass customer_id as a query parameter.");
        }
        ArrayNode accounts = jdbc.query("list the sandbox accounts", connection -> {
            ArrayNode found = json.createArrayNode();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM provider_sandbox.account WHERE customer_id = ? ORDER BY created_at, account_number")) {
                select.setLong(1, customerId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        found.add(account(rs));
                    }
                }
            }
            return found;
        });
        ObjectNode body = json.createObjectNode();
        body.set("accounts", accounts);
        return new Reply(200, body);
    }

    private static final String COLUMNS = "account_number, customer_id, product_code, currency, opening_balance, status";

    private Optional<JsonNode> fetch(Connection connection, String number) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM provider_sandbox.account WHERE account_number = ?")) {
            select.setString(1, number);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(account(rs)) : Optional.empty();
            }
        }
    }

    private JsonNode account(ResultSet rs) throws SQLException {
        return json.createObjectNode()
                .put("account_number", rs.getString(1))
                .put("customer_id", rs.getLong(2))
                .put("product_code", rs.getString(3))
                .put("currency", rs.getString(4).strip())
                .put("opening_balance", rs.getBigDecimal(5).setScale(2).toPlainString())
                .put("status", rs.getString(6));
    }

    // ---- credit reports -----------------------------------------------------------------------------------

    private static final int MIN_SCORE = 300;
    private static final int MAX_SCORE = 850;

    /** A credit report's facts; no score means no credit file. */
    private record CreditProfile(Integer score, Integer delinquencies) {}

    private Reply creditReport(String rawCustomerId) {
        if (!POSITIVE_ID.matcher(rawCustomerId).matches()) {
            return error(400, "invalid_request", "customer_id must be a positive integer.");
        }
        long customerId;
        try {
            customerId = Long.parseLong(rawCustomerId);
        } catch (NumberFormatException e) { // above Long.MAX_VALUE
            return error(400, "invalid_request", "customer_id must be a positive integer.");
        }
        Failure injected = takeFailure(Endpoint.CREDIT_REPORT);
        if (injected == Failure.UNAVAILABLE) {
            return unavailable();
        }
        CreditProfile profile = pinnedProfile(customerId).orElseGet(() -> derivedProfile(customerId));
        Reply reply = profile.score() == null
                ? error(404, "credit_report_not_found", "The provider holds no credit file for this customer.")
                : new Reply(200, json.createObjectNode()
                        .put("customer_id", customerId)
                        .put("score", profile.score())
                        .put("delinquencies", profile.delinquencies())
                        .put("reported_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                        .put("bureau_reference", "sbx-" + sha256("report:" + customerId + ":" + profile.score() + ":"
                                + profile.delinquencies()).substring(0, 16)));
        sleepLatency(Endpoint.CREDIT_REPORT);
        if (injected == Failure.ERROR_AFTER_OPENING) {
            return error(500, "internal_error", "The provider failed; the outcome is unknown.");
        }
        if (injected == Failure.DROP_AFTER_OPENING) {
            return null;
        }
        return reply;
    }

    private Optional<CreditProfile> pinnedProfile(long customerId) {
        return jdbc.query("read the sandbox credit profile", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT score, delinquencies FROM provider_sandbox.credit_profile WHERE customer_id = ?")) {
                select.setLong(1, customerId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(new CreditProfile(rs.getObject(1, Integer.class), rs.getObject(2, Integer.class)))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * The report of a customer nobody pinned: h = SHA-256("credit:" + customerId); score = 300 + (h[0..3] as an
     * unsigned big-endian number) mod 551; delinquencies, with b = h[4]: none from 700, one in four from 600 to 699,
     * 1 or 2 from 450 to 599, 2 or 3 below 450.
     */
    private static CreditProfile derivedProfile(long customerId) {
        byte[] h = sha256Bytes("credit:" + customerId);
        long head = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
        int score = MIN_SCORE + (int) (head % (MAX_SCORE - MIN_SCORE + 1));
        int b = h[4] & 0xff;
        int delinquencies = score >= 700 ? 0 : score >= 600 ? (b % 4 == 0 ? 1 : 0) : score >= 450 ? 1 + b % 2 : 2 + b % 2;
        return new CreditProfile(score, delinquencies);
    }

    private void pin(long customerId, Integer score, Integer delinquencies) {
        if (customerId <= 0) {
            throw new IllegalArgumentException("customerId must be positive");
        }
        jdbc.run("pin the sandbox credit profile", connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("""
                    INSERT INTO provider_sandbox.credit_profile (customer_id, score, delinquencies) VALUES (?, ?, ?)
                    ON CONFLICT (customer_id) DO UPDATE
                    SET score = EXCLUDED.score, delinquencies = EXCLUDED.delinquencies, updated_at = now()""")) {
                upsert.setLong(1, customerId);
                upsert.setObject(2, score, Types.INTEGER);
                upsert.setObject(3, delinquencies, Types.INTEGER);
                upsert.executeUpdate();
            }
        });
    }

    private Reply pinCreditProfile(byte[] body) {
        String usage = "Send {\"customer_id\": 42, \"score\": 300 to 850, \"delinquencies\": 0 or more}"
                + " or {\"customer_id\": 42, \"no_file\": true}.";
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            return error(400, "invalid_request", usage);
        }
        if (request == null || !request.isObject()) {
            return error(400, "invalid_request", usage);
        }
        Set<String> fields = new HashSet<>();
        request.fieldNames().forEachRemaining(fields::add);
        JsonNode customer = request.path("customer_id");
        if (!customer.isIntegralNumber() || !customer.canConvertToLong() || customer.longValue() <= 0) {
            return error(400, "invalid_request", usage);
        }
        long customerId = customer.longValue();
        if (fields.equals(Set.of("customer_id", "no_file")) && request.path("no_file").isBoolean() && request.path("no_file").booleanValue()) {
            setNoCreditFile(customerId);
            return new Reply(200, json.createObjectNode().put("customer_id", customerId).put("no_file", true));
        }
        JsonNode score = request.path("score");
        JsonNode delinquencies = request.path("delinquencies");
        if (!fields.equals(Set.of("customer_id", "score", "delinquencies"))
                || !score.isIntegralNumber() || !score.canConvertToInt() || score.intValue() < MIN_SCORE || score.intValue() > MAX_SCORE
                || !delinquencies.isIntegralNumber() || !delinquencies.canConvertToInt() || delinquencies.intValue() < 0) {
            return error(400, "invalid_request", usage);
        }
        setCreditProfile(customerId, score.intValue(), delinquencies.intValue());
        return new Reply(200, json.createObjectNode().put("customer_id", customerId).put("score", score.intValue())
                .put("delinquencies", delinquencies.intValue()));
    }

    // ---- payments -----------------------------------------------------------------------------------------

    private static final Pattern PAYMENT_ID = Pattern.compile("pay_[a-z0-9]{24}");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final int MAX_CREDITOR_NAME = 70;
    private static final int MAX_REFERENCE = 140;
    private static final Map<Failure, String> REJECTION_CODES = Map.of(
            Failure.REJECT_ACCOUNT_CLOSED, "account_closed",
            Failure.REJECT_NAME_MISMATCH, "name_mismatch");
    private static final Map<String, String> REJECTION_REASONS = Map.of(
            "account_closed", "The creditor's bank reports the account as closed.",
            "name_mismatch", "The creditor's bank reports that the name does not match the account holder.");

    /** A payment request that follows the contract; {@code amount} is at the currency's scale. */
    private record PaymentRequest(String debtorAccount, String creditorName, String creditorIban, BigDecimal amount,
                                  Currency currency, String reference) {
        String hash() {
            return sha256(String.join("\u001f", debtorAccount, creditorName, creditorIban, amount.toPlainString(),
                    currency.getCurrencyCode(), reference));
        }
    }

    /** A request the contract refuses, with its one-sentence message. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private Reply pay(HttpExchange exchange, byte[] body) {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || !KEY.matcher(key).matches()) {
            return error(400, "idempotency_key_required", "Send an Idempotency-Key header of 1 to 255 printable ASCII characters.");
        }
        PaymentRequest request;
        try {
            request = paymentRequest(body);
        } catch (Refused e) {
            return error(400, "invalid_request", e.getMessage());
        }
        Failure injected = takeFailure(Endpoint.PAYMENT);
        if (injected == Failure.UNAVAILABLE) {
            return unavailable();
        }
        Reply reply = jdbc.inTransaction("make the sandbox payment",
                connection -> payOnce(connection, key, request, Optional.ofNullable(injected).map(REJECTION_CODES::get)));
        sleepLatency(Endpoint.PAYMENT);
        if (reply.status() == 201 && injected == Failure.ERROR_AFTER_OPENING) {
            return error(500, "internal_error", "The provider failed; the outcome is unknown.");
        }
        if (reply.status() == 201 && injected == Failure.DROP_AFTER_OPENING) {
            return null;
        }
        return reply;
    }

    private PaymentRequest paymentRequest(byte[] body) throws Refused {
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        if (request == null || !request.isObject()) {
            throw new Refused("The body must be a JSON object.");
        }
        String debtor = text(request, "debtor_account");
        if (debtor == null || AccountNumber.parse(debtor).filter(number -> number.value().equals(debtor)).isEmpty()) {
            throw new Refused("debtor_account must be an account number: AB and ten digits whose last two are a check.");
        }
        String name = text(request, "creditor_name");
        if (name == null || name.isBlank() || name.codePointCount(0, name.length()) > MAX_CREDITOR_NAME
                || PlainText.hasControlCharacters(name)) {
            throw new Refused("creditor_name must be 1 to " + MAX_CREDITOR_NAME + " characters without control characters.");
        }
        String iban = text(request, "creditor_iban");
        if (iban == null || !electronicIban(iban)) {
            throw new Refused("creditor_iban must be a valid IBAN in electronic form (capitals and digits, no spaces).");
        }
        String code = text(request, "currency");
        Currency currency = code != null && CURRENCY_CODE.matcher(code).matches() ? currency(code) : null;
        if (currency == null) {
            throw new Refused("currency must be an ISO 4217 code such as EUR.");
        }
        String amount = text(request, "amount");
        int scale = Money.scaleOf(currency);
        if (amount == null || !AmountRules.isPlainDecimal(amount) || new BigDecimal(amount).signum() <= 0
                || new BigDecimal(amount).stripTrailingZeros().scale() > scale) {
            throw new Refused("amount must be a positive decimal string with at most " + scale + " decimals for "
                    + currency.getCurrencyCode() + ", e.g. \"45.00\".");
        }
        JsonNode referenceNode = request.path("reference");
        String reference = referenceNode.isMissingNode() ? "" : referenceNode.isTextual() ? referenceNode.textValue() : null;
        if (reference == null || reference.codePointCount(0, reference.length()) > MAX_REFERENCE || PlainText.hasControlCharacters(reference)) {
            throw new Refused("reference must be 0 to " + MAX_REFERENCE + " characters without control characters.");
        }
        return new PaymentRequest(debtor, name, iban, new BigDecimal(amount).setScale(scale), currency, reference);
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.path(field);
        return node.isTextual() ? node.textValue() : null;
    }

    private static boolean electronicIban(String text) {
        try {
            return Iban.valueOf(text).toString().equals(text);
        } catch (RuntimeException e) { // iban4j's own exceptions and anything else it throws on odd input
            return false;
        }
    }

    private static Currency currency(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The first request under a key makes the payment; later ones with the same body replay it. One transaction. */
    private Reply payOnce(Connection connection, String key, PaymentRequest request, Optional<String> rejection)
            throws SQLException {
        String id = "pay_" + HexFormat.of().formatHex(randomBytes(12));
        // The payment row claims the key; a concurrent twin waits here on the key's unique index, then replays.
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO provider_sandbox.payment (id, idempotency_key, request_hash, debtor_account, creditor_name,
                    creditor_iban, amount, currency, reference, settle_delay_ms, reason_code, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""")) {
            insert.setString(1, id);
            insert.setString(2, key);
            insert.setString(3, request.hash());
            insert.setString(4, request.debtorAccount());
            insert.setString(5, request.creditorName());
            insert.setString(6, request.creditorIban());
            insert.setBigDecimal(7, request.amount());
            insert.setString(8, request.currency().getCurrencyCode());
            insert.setString(9, request.reference());
            insert.setLong(10, settlementDelayMillis.get());
            insert.setString(11, rejection.orElse(null));
            insert.setString(12, rejection.map(REJECTION_REASONS::get).orElse(null));
            if (insert.executeUpdate() == 0) {
                return replayPayment(connection, key, request.hash());
            }
        }
        payments.incrementAndGet();
        return new Reply(201, fetchPayment(connection, id).orElseThrow());
    }

    private Reply replayPayment(Connection connection, String key, String hash) throws SQLException {
        try (PreparedStatement earlier = connection.prepareStatement(
                "SELECT request_hash, id FROM provider_sandbox.payment WHERE idempotency_key = ?")) {
            earlier.setString(1, key);
            try (ResultSet rs = earlier.executeQuery()) {
                rs.next();
                if (!rs.getString(1).equals(hash)) {
                    return error(422, "idempotency_key_reused", "This Idempotency-Key was already used with a different request body.");
                }
                return new Reply(201, fetchPayment(connection, rs.getString(2)).orElseThrow(), Map.of("Idempotent-Replayed", "true"));
            }
        }
    }

    private Reply payment(String rawId) {
        if (!PAYMENT_ID.matcher(rawId).matches()) {
            return error(404, "payment_not_found", "No such payment.");
        }
        return jdbc.query("read the sandbox payment", connection -> fetchPayment(connection, rawId))
                .map(body -> new Reply(200, body))
                .orElseGet(() -> error(404, "payment_not_found", "No such payment."));
    }

    /** The payment as it stands now: settled once its delay has passed since it was made, unless rejected. */
    private Optional<JsonNode> fetchPayment(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, amount, currency, creditor_iban, created_at, reason_code, reason,
                       created_at + settle_delay_ms * interval '1 millisecond',
                       created_at + settle_delay_ms * interval '1 millisecond' <= clock_timestamp()
                FROM provider_sandbox.payment WHERE id = ?""")) {
            select.setString(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Currency currency = Currency.getInstance(rs.getString(3).strip());
                ObjectNode payment = json.createObjectNode()
                        .put("id", rs.getString(1))
                        .put("status", rs.getString(6) != null ? "rejected" : rs.getBoolean(9) ? "settled" : "pending")
                        .put("amount", rs.getBigDecimal(2).setScale(Money.scaleOf(currency)).toPlainString())
                        .put("currency", currency.getCurrencyCode())
                        .put("creditor_iban", rs.getString(4))
                        .put("created_at", rs.getObject(5, OffsetDateTime.class).toInstant().toString());
                if (rs.getString(6) != null) {
                    payment.put("reason_code", rs.getString(6)).put("reason", rs.getString(7));
                } else if (rs.getBoolean(9)) {
                    payment.put("settled_at", rs.getObject(8, OffsetDateTime.class).toInstant().toString());
                }
                return Optional.of(payment);
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    // ---- faults -------------------------------------------------------------------------------------------

    private Reply faults(String method, byte[] body) {
        if (method.equals("DELETE")) {
            behave();
            return new Reply(200, json.createObjectNode().put("failure", "none").put("count", 0).put("latency_ms", 0)
                    .put("settle_after_ms", 0));
        }
        if (!method.equals("POST")) {
            return error(405, "method_not_allowed", "Use POST or DELETE on /sandbox/faults.");
        }
        try {
            JsonNode request = json.readTree(body);
            if (request == null || !request.isObject()) {
                throw new IllegalArgumentException();
            }
            String endpoint = request.path("endpoint").asText("account_opening").toUpperCase(Locale.ROOT).replace('-', '_');
            Endpoint target = Endpoint.valueOf(endpoint);
            ObjectNode now = json.createObjectNode().put("endpoint", endpoint.toLowerCase(Locale.ROOT));
            JsonNode settle = request.path("settle_after_ms");
            if (!settle.isMissingNode() && (target != Endpoint.PAYMENT || !settle.isIntegralNumber() || !settle.canConvertToLong()
                    || settle.longValue() < 0 || settle.longValue() > 86_400_000)) {
                throw new IllegalArgumentException();
            }
            if (!settle.isMissingNode() && !request.has("failure") && !request.has("count") && !request.has("latency_ms")) {
                paymentSettlementDelay(Duration.ofMillis(settle.longValue())); // only the settlement delay was asked for
                return new Reply(200, now.put("settle_after_ms", settle.longValue()));
            }
            Failure how = Failure.valueOf(request.path("failure").asText("unavailable").toUpperCase(Locale.ROOT).replace('-', '_'));
            int count = request.path("count").asInt(1);
            long latency = request.path("latency_ms").asLong(0);
            if (count < 0 || latency < 0 || latency > 600_000 || (how.paymentsOnly() && target != Endpoint.PAYMENT)) {
                throw new IllegalArgumentException();
            }
            failNext(target, count, how);
            latency(target, Duration.ofMillis(latency));
            now.put("failure", how.name().toLowerCase(Locale.ROOT)).put("count", count).put("latency_ms", latency);
            if (!settle.isMissingNode()) {
                paymentSettlementDelay(Duration.ofMillis(settle.longValue()));
                now.put("settle_after_ms", settle.longValue());
            }
            return new Reply(200, now);
        } catch (IOException | IllegalArgumentException e) {
            return error(400, "invalid_request",
                    "Send {\"endpoint\": \"account_opening|credit_report|payment\", \"failure\": \"unavailable|error_after_opening"
                            + "|drop_after_opening|reject_account_closed|reject_name_mismatch\", \"count\": 1, \"latency_ms\": 0}"
                            + " (the reject_ failures and \"settle_after_ms\": 0 to 86400000 for endpoint payment only).");
        }
    }

    private Failure takeFailure(Endpoint endpoint) {
        Faults of = faults.get(endpoint);
        Failure how = of.failure.get();
        if (how == null) {
            return null;
        }
        int left = of.left.getAndUpdate(n -> Math.max(0, n - 1));
        return left > 0 ? how : null;
    }

    private Reply unavailable() {
        return new Reply(503, error("unavailable", "The provider is temporarily unavailable.").body(), Map.of("Retry-After", "1"));
    }

    private void sleepLatency(Endpoint endpoint) {
        long millis = faults.get(endpoint).latencyMillis.get();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class DroppedOnPurpose extends RuntimeException {
        DroppedOnPurpose() {
            super("connection dropped by an injected failure", null, false, false);
        }
    }

    private Reply error(int status, String code, String message) {
        return new Reply(status, error(code, message).body());
    }

    private Reply error(String code, String message) {
        return new Reply(0, json.createObjectNode().put("code", code).put("message", message));
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(sha256Bytes(text));
    }

    private static byte[] sha256Bytes(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SandboxProvider[" + url() + "]";
    }
}
