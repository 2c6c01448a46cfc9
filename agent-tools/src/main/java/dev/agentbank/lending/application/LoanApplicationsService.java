package dev.agentbank.lending.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Draft;
import dev.agentbank.lending.model.LoanField;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Starting, filling in and reading loan application drafts for a principal. The rules of a draft live on
 * {@link LoanApplication}; this service finds the product and the application, applies who may see what, checks the
 * disbursement account against the customer's accounts, and saves each change with its audit event in one transaction.
 * <ul>
 *   <li>A customer applies for themself; staff name the customer. Analysts read and never change.</li>
 *   <li>Another customer's application reads exactly like one that does not exist.</li>
 *   <li>A draft whose lifetime has ended is saved as expired on the first call that finds it so, and answers so.</li>
 * </ul>
 * Every refusal leaves as an {@link InvalidRequest} with one sentence for the model, after the transaction (so an
 * expiry found on the way is still saved).
 */
public final class LoanApplicationsService {
    private final Jdbc jdbc;
    private final LoanProducts products;
    private final LoanApplications applications;
    private final CustomerDirectory customers;
    private final AccountDirectory accounts;
    private final AuditLog audit;
    private final Clock clock;
    private final RandomGenerator random;

    public LoanApplicationsService(Jdbc jdbc, LoanProducts products, LoanApplications applications, CustomerDirectory customers,
                                   AccountDirectory accounts, AuditLog audit, Clock clock, RandomGenerator random) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.products = Objects.requireNonNull(products, "products");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Every loan product, by code. */
    public List<LoanProduct> products() {
        return products.all();
    }

    /**
     * Starts a draft for a product, with any fields given saved at once (all or nothing). A retry with the same
     * idempotency key by the same principal returns the draft it started, unchanged.
     */
    public LoanApplication start(Principal principal, Long customerId, String productCode, IdempotencyKey key,
                                 FieldChanges changes) {
        requireApply(principal);
        long customer = customers.resolve(principal, customerId);
        LoanProduct product = product(productCode);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(changes, "changes");
        Outcome outcome = jdbc.inTransactionRetryingDuplicates("start the loan application", connection -> {
            Optional<LoanApplication> earlier = applications.findStartedWith(connection, principal.actor(), key.value());
            if (earlier.isPresent()) {
                LoanApplication replay = earlier.get();
                if (replay.customerId() != customer || !replay.productCode().equals(product.code())) {
                    return new Outcome.Refused("idempotency_key " + key + " was already used to start application " + replay.id()
                            + " for another customer or product; make a new key for a new application.");
                }
                return expiredIfDue(connection, principal, replay, now());
            }
            Instant now = now();
            Draft draft = Draft.start(ApplicationId.random(random), customer, product, now);
            if (!changes.isEmpty()) {
                switch (draft.update(changes, product, now)) {
                    case Transition.Moved<Draft>(Draft next) -> draft = next;
                    case Transition.Refused<Draft>(String reason) -> {
                        return new Outcome.Refused(reason);
                    }
                }
                Optional<String> accountProblem = disbursementProblem(draft, changes);
                if (accountProblem.isPresent()) {
                    return new Outcome.Refused(accountProblem.get());
                }
            }
            applications.insert(connection, draft, product.currency(), principal.actor(), key.value());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("customer_id", customer);
            details.put("product", product.code());
            details.put("fields", wireNames(changes.given()));
            audit.record(connection, principal.actor(), "start_loan_application", subject(draft), details, "started");
            return new Outcome.Done(draft);
        });
        return outcome.orRefuse();
    }

    /** Saves the fields given in a draft, all or nothing; any other state, or an expired draft, refuses. */
    public LoanApplication update(Principal principal, String applicationId, FieldChanges changes) {
        requireApply(principal);
        ApplicationId id = parse(applicationId);
        Objects.requireNonNull(changes, "changes");
        Outcome outcome = jdbc.inTransaction("update the loan application", connection -> {
            Instant now = now();
            // an expiry found here is committed even though the update below is then refused
            LoanApplication application = expiredIfDue(connection, principal, visible(connection, principal, id, true), now).application();
            LoanProduct product = products.find(connection, application.productCode()).orElseThrow(() ->
                    new IllegalStateException("loan application " + id + " names product " + application.productCode() + ", which is gone"));
            return switch (LoanApplication.update(application, changes, product, now)) {
                case Transition.Refused<Draft>(String reason) -> new Outcome.Refused(reason);
                case Transition.Moved<Draft>(Draft next) -> {
                    Optional<String> accountProblem = disbursementProblem(next, changes);
                    if (accountProblem.isPresent()) {
                        yield new Outcome.Refused(accountProblem.get());
                    }
                    applications.save(connection, next);
                    audit.record(connection, principal.actor(), "update_loan_application", subject(next),
                            Map.of("fields", wireNames(changes.given())), "saved");
                    yield new Outcome.Done(next);
                }
            };
        });
        return outcome.orRefuse();
    }

    /** The application as it stands, expired first if its lifetime has ended. */
    public LoanApplication get(Principal principal, String applicationId) {
        requireRead(principal);
        ApplicationId id = parse(applicationId);
        return jdbc.inTransaction("read the loan application", connection ->
                expiredIfDue(connection, principal, visible(connection, principal, id, true), now())).orRefuse();
    }

    /** A customer's applications, newest first; a customer's own by default, a named customer's for staff. */
    public CustomerApplications list(Principal principal, Long customerId) {
        requireRead(principal);
        long customer = customers.resolve(principal, customerId);
        return jdbc.inTransaction("list loan applications", connection -> {
            Instant now = now();
            List<LoanApplication> listed = new ArrayList<>();
            for (LoanApplication application : applications.ofCustomer(connection, customer, true)) {
                listed.add(expiredIfDue(connection, principal, application, now).orRefuse());
            }
            return new CustomerApplications(customer, List.copyOf(listed));
        });
    }

    /** One customer's applications, newest first. */
    public record CustomerApplications(long customerId, List<LoanApplication> applications) {}

    // --- rules --------------------------------------------------------------------------------------------------------

    /**
     * Why the disbursement account just given cannot be saved: it must be an open checking account of the application's
     * own customer. Empty when it was not given or is fine. Another customer's account reads like one that does not exist.
     */
    private Optional<String> disbursementProblem(LoanApplication application, FieldChanges changes) {
        if (changes.disbursementAccount() == null) {
            return Optional.empty();
        }
        AccountNumber number = application.fields().disbursementAccount();
        Optional<Account> account = accounts.find(number);
        boolean usable = account.isPresent() && Objects.equals(account.get().customerId(), application.customerId())
                && account.get().kind() == AccountKind.CHECKING && account.get().status() == AccountStatus.OPEN;
        if (usable) {
            return Optional.empty();
        }
        List<String> own = accounts.ofCustomer(application.customerId()).stream()
                .filter(a -> a.kind() == AccountKind.CHECKING && a.status() == AccountStatus.OPEN)
                .map(a -> a.number().value()).toList();
        return Optional.of("Nothing was saved. disbursement_account must be one of the customer's own open checking accounts; "
                + number + " is not. " + (own.isEmpty()
                ? "The customer has none yet: open a checking account first."
                : "Their checking account" + (own.size() == 1 ? " is " : "s are ") + String.join(", ", own) + "."));
    }

    private LoanApplication visible(Connection connection, Principal principal, ApplicationId id, boolean forUpdate)
            throws SQLException {
        return applications.find(connection, id, forUpdate)
                .filter(application -> principal.canSee(application.customerId()))
                .orElseThrow(() -> notAvailable(id.value()));
    }

    /** The application, saved as expired (with its audit event) if its lifetime ended by {@code now}. */
    private Outcome.Done expiredIfDue(Connection connection, Principal principal, LoanApplication application, Instant now)
            throws SQLException {
        Optional<LoanApplication.Expired> expired = application.expireIfDue(now);
        if (expired.isEmpty()) {
            return new Outcome.Done(application);
        }
        applications.save(connection, expired.get());
        audit.record(connection, principal.actor(), "expire_loan_application", subject(application),
                Map.of("expired_from", expired.get().expiredFrom().wireName(), "expired_at", expired.get().expiredAt().toString()),
                "expired");
        return new Outcome.Done(expired.get());
    }

    private LoanProduct product(String code) {
        String wanted = code == null ? "" : code.strip();
        return products.find(wanted).orElseThrow(() -> {
            String known = products.all().stream().map(LoanProduct::code).collect(Collectors.joining(", "));
            String shown = wanted.length() > 40 ? wanted.substring(0, 40) + "…" : wanted;
            return new InvalidRequest("There is no loan product '" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "'; the products are: " + known + ".");
        });
    }

    private static ApplicationId parse(String applicationId) {
        return ApplicationId.parse(applicationId).orElseThrow(() -> new InvalidRequest(
                "application_id must be LA- and twelve letters and digits, such as LA-7K3M9QX2B4TD; list_loan_applications shows them."));
    }

    private static void requireApply(Principal principal) {
        if (!principal.may(Capability.APPLY_FOR_LOANS)) {
            throw new InvalidRequest("You may read loan applications but not start or change them.");
        }
    }

    private static void requireRead(Principal principal) {
        if (!principal.may(Capability.READ_LOANS)) {
            throw new InvalidRequest("Loan applications are not available to you.");
        }
    }

    private Instant now() {
        // the columns keep microseconds; so does every instant a draft holds, so a restored draft equals the saved one
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static InvalidRequest notAvailable(String id) {
        return new InvalidRequest("No loan application " + id + " is available to you.");
    }

    private static String subject(LoanApplication application) {
        return "loan_application:" + application.id();
    }

    private static List<String> wireNames(List<LoanField> fields) {
        return fields.stream().map(LoanField::wireName).toList();
    }

    /** What a transaction decided: refusals are returned, so the transaction commits what it found (an expiry). */
    private sealed interface Outcome {
        record Done(LoanApplication application) implements Outcome {}

        record Refused(String reason) implements Outcome {}

        default LoanApplication orRefuse() {
            return switch (this) {
                case Done(LoanApplication application) -> application;
                case Refused(String reason) -> throw new InvalidRequest(reason);
            };
        }
    }
}
