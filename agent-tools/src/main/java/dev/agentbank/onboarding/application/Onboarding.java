package dev.agentbank.onboarding.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.application.OpeningBalances;
import dev.agentbank.onboarding.http.ProviderClient;
import dev.agentbank.onboarding.http.ProviderResult;
import dev.agentbank.onboarding.model.OpenAccountRequest;
import dev.agentbank.onboarding.model.OpeningOutcome;
import dev.agentbank.onboarding.model.Product;
import dev.agentbank.onboarding.model.ProviderAccount;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.jdbc.Transactions;
import dev.agentbank.shared.text.PlainText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens customer accounts at the retail-banking provider without orphans or duplicates.
 *
 * <ol>
 *   <li>Input is checked first; a bad request stores nothing.</li>
 *   <li>The request is committed locally as PENDING, under the caller's idempotency key, before the provider is
 *       called. Its {@code request_id} is the provider's Idempotency-Key, on this call and on every retry.</li>
 *   <li>201: one local transaction stores the account, any opening-balance posting and the audit event, and marks
 *       the request OPENED. A definite rejection marks it FAILED with the provider's reason. Anything else leaves
 *       it PENDING for {@link #reconcile()}, which asks again with the same key until the provider answers.</li>
 * </ol>
 * The provider replays the first account for a repeated key, and the request row is locked while an account is
 * stored, so duplicates, retries after timeouts and crashes between the provider's 201 and our commit all end
 * with exactly one account.
 */
public final class Onboarding {
    /** Opening balances post under the bank's own name, so no caller's idempotency keys can collide with them. */
    private static final Actor OPENING_BALANCE_ACTOR = Actor.of("system", "opening-balance");

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);
    static final int MAX_NAME_LENGTH = 100;
    private static final int RECONCILE_BATCH = 100;

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Transactions transactions;
    private final AccountDirectory accounts;
    private final AuditLog audit;
    private final ProviderClient provider;
    private final Clock clock;

    public Onboarding(DataSource dataSource, SessionFactory sessionFactory, AccountDirectory accounts, AuditLog audit,
                      ProviderClient provider, Clock clock) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.transactions = new Transactions(sessionFactory);
        this.accounts = accounts;
        this.audit = audit;
        this.provider = provider;
        this.clock = clock;
    }

    /** A stored opening request. */
    private record Request(long id, UUID requestId, Actor actor, String hash, long customerId, String productCode,
                           String name, String status, String accountNumber, String failureReason) {}

    public OpeningOutcome open(Actor actor, long customerId, String productCode, String accountName, IdempotencyKey key) {
        if (key == null) {
            return new OpeningOutcome.Rejected("idempotency_key is required: make a fresh one (for example a UUID) per account to open, and reuse it only to retry that opening.");
        }
        Optional<String> nameProblem = nameProblem(accountName);
        if (nameProblem.isPresent()) {
            return new OpeningOutcome.Rejected(nameProblem.get());
        }
        String name = accountName.strip();
        Optional<Product> product = Product.byCode(productCode);
        if (product.isEmpty()) {
            return new OpeningOutcome.Rejected("Unknown product code" + (productCode == null || productCode.isBlank() ? ""
                    : " '" + PlainText.oneLine(productCode, 40) + "'") + ". Use one of: " + Product.codes() + ".");
        }
        if (!customerExists(customerId)) {
            return new OpeningOutcome.Rejected("No customer " + customerId + " was found.");
        }
        String hash = sha256(customerId + "\u001f" + product.get().code() + "\u001f" + name);
        Request request = register(actor, key, hash, customerId, product.get().code(), name);
        if (!request.hash().equals(hash)) {
            return new OpeningOutcome.Rejected("idempotency_key '" + key + "' was already used to open a different account. "
                    + "Use a new key for a new account.");
        }
        return switch (request.status()) {
            case "OPENED" -> opened(request.accountNumber(), true);
            case "FAILED" -> rejected(request.failureReason());
            default -> attempt(request);
        };
    }

    /** Asks the provider again about every pending request; returns how many it resolved (opened or failed). */
    public int reconcile() {
        int resolved = 0;
        for (Request request : pending()) {
            try {
                if (!(attempt(request) instanceof OpeningOutcome.Pending)) {
                    resolved++;
                }
            } catch (RuntimeException e) {
                log.warn("reconciling account opening {} failed, will retry: {}", request.id(), e.getClass().getSimpleName());
            }
        }
        if (resolved > 0) {
            log.info("reconciled {} pending account opening(s)", resolved);
        }
        return resolved;
    }

    /** Requests still waiting for the provider. */
    public long pendingCount() {
        return countPending(dataSource);
    }

    public static long countPending(DataSource dataSource) {
        return new Jdbc(dataSource).query("count pending account openings", connection -> {
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM account_opening WHERE status = 'PENDING'");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    // ---- one attempt --------------------------------------------------------------------------------------

    private OpeningOutcome attempt(Request request) {
        ProviderResult result = inProductCurrency(request, provider.openAccount(
                new OpenAccountRequest(request.customerId(), request.name(), request.productCode()),
                new IdempotencyKey(request.requestId().toString())));
        return switch (result) {
            case ProviderResult.Opened opened -> store(request, opened.account());
            case ProviderResult.Rejected rejected -> fail(request, rejected);
            case ProviderResult.Unavailable unavailable -> {
                note(request, unavailable.reason());
                yield new OpeningOutcome.Pending(request.requestId().toString(), "The account provider is unavailable right now. "
                        + "The request is saved and will be retried automatically; ask again later with the same idempotency_key to see the result.");
            }
            case ProviderResult.Unknown unknown -> {
                note(request, unknown.reason());
                yield new OpeningOutcome.Pending(request.requestId().toString(), "The account provider has not confirmed the opening yet. "
                        + "The request is saved and will be completed automatically, never twice; ask again later with the same idempotency_key to see the result.");
            }
        };
    }

    /** An opening in a currency other than the product's is not one we asked for: leave it for a person, never record it. */
    private static ProviderResult inProductCurrency(Request request, ProviderResult result) {
        if (result instanceof ProviderResult.Opened opened) {
            Currency expected = Product.byCode(request.productCode()).orElseThrow().currency();
            Currency actual = opened.account().openingBalance().currency();
            if (!actual.equals(expected)) {
                return new ProviderResult.Unknown("the provider opened " + request.productCode() + " in " + actual + ", not " + expected);
            }
        }
        return result;
    }

    private OpeningOutcome store(Request request, ProviderAccount opened) {
        try {
            // Retries a unique violation: the first opening in a currency races another for its settlement account.
            Stored stored = transactions.runRetryingDuplicates(session -> session.doReturningWork(connection -> lockStatus(connection, request.id()))
                    .filter(current -> current.status().equals("OPENED"))
                    .map(current -> new Stored(current.accountNumber(), true))
                    .orElseGet(() -> {
                        Product product = Product.byCode(request.productCode()).orElseThrow();
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("name", request.name());
                        details.put("product_code", request.productCode());
                        details.put("opening_balance", opened.openingBalance().amount());
                        details.put("opening_request", request.requestId().toString());
                        Account account = accounts.recordOpenedAtProvider(session, request.actor(), opened.number(),
                                request.customerId(), product.kind(), product.currency(), request.name(), details);
                        session.flush();
                        session.doWork(connection -> {
                            if (opened.openingBalance().isPositive()) {
                                OpeningBalances.post(connection, OPENING_BALANCE_ACTOR, account.number(), opened.openingBalance(),
                                        new IdempotencyKey("opening-" + request.requestId()), now());
                            }
                            finish(connection, request.id(), "OPENED", opened.number().value(), null);
                        });
                        return new Stored(opened.number().value(), false);
                    }));
            return opened(stored.number(), stored.replayed());
        } catch (RuntimeException e) {
            log.warn("the provider opened account opening {} but recording it failed; reconciliation will record it: {}",
                    request.id(), e.getClass().getSimpleName());
            noteQuietly(request, "recording the opened account failed");
            return new OpeningOutcome.Pending(request.requestId().toString(), "The account was opened but is not recorded yet. "
                    + "It will be recorded automatically, exactly once; ask again later with the same idempotency_key to see it.");
        }
    }

    private record Stored(String number, boolean replayed) {}

    private record Status(String status, String accountNumber) {}

    private static Optional<Status> lockStatus(Connection connection, long id) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT status, account_number FROM account_opening WHERE id = ? FOR UPDATE")) {
            lock.setLong(1, id);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() ? Optional.of(new Status(rs.getString(1), rs.getString(2))) : Optional.empty();
            }
        }
    }

    private OpeningOutcome fail(Request request, ProviderResult.Rejected rejected) {
        String reason = rejected.status() == 401 || rejected.status() == 403
                ? "the bank is not authorised at the account provider (an operator must fix BANK_PROVIDER_TOKEN)"
                : rejected.message();
        Optional<Status> after = jdbc.inTransaction("record the provider's refusal", connection -> {
            Optional<Status> current = lockStatus(connection, request.id());
            if (current.isPresent() && current.get().status().equals("PENDING")) {
                finish(connection, request.id(), "FAILED", null, reason);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("customer_id", request.customerId());
                details.put("product_code", request.productCode());
                details.put("provider_code", rejected.code());
                details.put("reason", reason);
                audit.record(connection, request.actor(), "open_account", "customer:" + request.customerId(), details, "rejected");
            }
            return current;
        });
        if (after.isPresent() && after.get().status().equals("OPENED")) {
            return opened(after.get().accountNumber(), true);
        }
        return rejected(reason);
    }

    private void finish(Connection connection, long id, String status, String accountNumber, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE account_opening SET status = ?, account_number = ?, failure_reason = ?, last_problem = NULL,
                    attempts = attempts + 1, updated_at = ? WHERE id = ?""")) {
            update.setString(1, status);
            update.setString(2, accountNumber);
            update.setString(3, reason);
            update.setObject(4, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
            update.setLong(5, id);
            update.executeUpdate();
        }
    }

    /** Counts an unresolved attempt and why, for operators. */
    private void note(Request request, String problem) {
        jdbc.run("note the problem on an account opening", connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE account_opening SET attempts = attempts + 1, last_problem = ?, updated_at = ?
                    WHERE id = ? AND status = 'PENDING'""")) {
                update.setString(1, problem);
                update.setObject(2, OffsetDateTime.ofInstant(now(), ZoneOffset.UTC));
                update.setLong(3, request.id());
                update.executeUpdate();
            }
        });
    }

    private void noteQuietly(Request request, String problem) {
        try {
            note(request, problem);
        } catch (RuntimeException e) {
            log.debug("could not note the problem on account opening {}", request.id());
        }
    }

    private OpeningOutcome opened(String number, boolean replayed) {
        return accounts.find(new AccountNumber(number))
                .<OpeningOutcome>map(account -> new OpeningOutcome.Opened(account, replayed))
                .orElseThrow(() -> new IllegalStateException("opened account " + number + " is not recorded"));
    }

    private static OpeningOutcome rejected(String reason) {
        return new OpeningOutcome.Rejected("The account provider declined to open the account: " + reason);
    }

    // ---- the request table --------------------------------------------------------------------------------

    /** Inserts the request unless the key already has one; returns the stored request either way. Own transaction. */
    private Request register(Actor actor, IdempotencyKey key, String hash, long customerId, String productCode, String name) {
        return jdbc.inTransaction("store the account opening request", connection -> {
            OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO account_opening (request_id, actor, idempotency_key, request_hash, customer_id, product_code,
                        account_name, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (actor, idempotency_key) DO NOTHING""")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, actor.id());
                insert.setString(3, key.value());
                insert.setString(4, hash);
                insert.setLong(5, customerId);
                insert.setString(6, productCode);
                insert.setString(7, name);
                insert.setObject(8, now);
                insert.setObject(9, now);
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + REQUEST_COLUMNS + " FROM account_opening WHERE actor = ? AND idempotency_key = ?")) {
                select.setString(1, actor.id());
                select.setString(2, key.value());
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return request(rs);
                }
            }
        });
    }

    private static final String REQUEST_COLUMNS =
            "id, request_id, actor, request_hash, customer_id, product_code, account_name, status, account_number, failure_reason";

    private List<Request> pending() {
        return jdbc.query("read the pending account openings", connection -> {
            List<Request> requests = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + REQUEST_COLUMNS
                    + " FROM account_opening WHERE status = 'PENDING' ORDER BY updated_at, id LIMIT " + RECONCILE_BATCH);
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    requests.add(request(rs));
                }
            }
            return requests;
        });
    }

    private static Request request(ResultSet rs) throws SQLException {
        return new Request(rs.getLong(1), rs.getObject(2, UUID.class), new Actor(rs.getString(3)), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
    }

    private boolean customerExists(long customerId) {
        return jdbc.query("look up the customer", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM customer WHERE id = ?")) {
                select.setLong(1, customerId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Why a name cannot be an account name, in words for a model; empty when it can. */
    static Optional<String> nameProblem(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("account_name is required, for example \"Everyday account\".");
        }
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return Optional.of("account_name is limited to " + MAX_NAME_LENGTH + " characters.");
        }
        if (PlainText.hasControlCharacters(name)) {
            return Optional.of("account_name must not contain control characters such as line breaks or tabs.");
        }
        return Optional.empty();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
