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
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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
 */
public final class SandboxProvider implements AutoCloseable {
    public static final String SCHEMA = "provider_sandbox";
    private static final Logger log = LoggerFactory.getLogger(SandboxProvider.class);
    private static final Pattern ACCOUNT_PATH = Pattern.compile("/v1/accounts/([^/]+)");
    private static final Pattern CREDIT_REPORT_PATH = Pattern.compile("/v1/credit-reports/([^/]*)");
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
        /** Does the work (opens the account and commits; reads the credit report), then answers 500. */
        ERROR_AFTER_OPENING,
        /** Does the work (opens the account and commits; reads the credit report), then breaks the connection mid-answer. */
        DROP_AFTER_OPENING
    }

    /** Whose requests an injected fault or latency hits; each endpoint keeps its own. */
    public enum Endpoint {
        /** {@code POST /v1/accounts}. */
        ACCOUNT_OPENING,
        /** {@code GET /v1/credit-reports/{customer_id}}. */
        CREDIT_REPORT
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

    /** No more injected failures or latency, on any endpoint. */
    public void behave() {
        for (Faults of : faults.values()) {
            of.left.set(0);
            of.latencyMillis.set(0);
        }
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

    // ---- faults -------------------------------------------------------------------------------------------

    private Reply faults(String method, byte[] body) {
        if (method.equals("DELETE")) {
            behave();
            return new Reply(200, json.createObjectNode().put("failure", "none").put("count", 0).put("latency_ms", 0));
        }
        if (!method.equals("POST")) {
            return error(405, "method_not_allowed", "Use POST or DELETE on /sandbox/faults.");
        }
        try {
            JsonNode request = json.readTree(body);
            String endpoint = request.path("endpoint").asText("account_opening").toUpperCase(Locale.ROOT).replace('-', '_');
            String how = request.path("failure").asText("unavailable").toUpperCase(Locale.ROOT).replace('-', '_');
            int count = request.path("count").asInt(1);
            long latency = request.path("latency_ms").asLong(0);
            if (count < 0 || latency < 0 || latency > 600_000) {
                throw new IllegalArgumentException();
            }
            Endpoint target = Endpoint.valueOf(endpoint);
            failNext(target, count, Failure.valueOf(how));
            latency(target, Duration.ofMillis(latency));
            return new Reply(200, json.createObjectNode().put("endpoint", endpoint.toLowerCase(Locale.ROOT))
                    .put("failure", how.toLowerCase(Locale.ROOT)).put("count", count).put("latency_ms", latency));
        } catch (IOException | IllegalArgumentException e) {
            return error(400, "invalid_request",
                    "Send {\"endpoint\": \"account_opening|credit_report\", \"failure\": \"unavailable|error_after_opening|drop_after_opening\","
                            + " \"count\": 1, \"latency_ms\": 0}.");
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
