package dev.agentbank.lending.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Capability;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.CreditCheckConsent;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.lending.model.LoanApplication.Draft;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanField;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
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
    private final Underwriting underwriting;
    private final Expiries expiries;

    public LoanApplicationsService(Jdbc jdbc, LoanProducts products, LoanApplications applications, CustomerDirectory customers,
                                   AccountDirectory accounts, AuditLog audit, Clock clock, RandomGenerator random,
                                   Underwriting underwriting) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.products = Objects.requireNonNull(products, "products");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.underwriting = Objects.requireNonNull(underwriting, "underwriting");
        this.expiries = new Expiries(applications, audit);
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
        ApplicationId id = ApplicationId.required(applicationId);
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

    /**
     * Submits a complete draft once its customer consents to the credit check, asked through {@code human}: the
     * session's own channel to the person (an MCP elicitation form or the chat terminal), which no model argument can
     * stand in for. Where the session cannot ask, the consent waits as a pending approval for {@code ./bank approvals}
     * ({@link SubmitOutcome.AwaitingConsent}) and the same call made again after approval submits. Nobody is asked when the application cannot be submitted anyway (a missing field, an expired draft,
     * another state). A retry with the key an application was submitted under answers as before without asking again.
     * The customer is asked outside any transaction (no row stays locked while a person reads), and the draft is read
     * again before it is saved: if it changed meanwhile, nothing is submitted. Once the submission has committed,
     * {@link Underwriting} decides it, so the answer is the decision when the credit bureau answers, else SUBMITTED.
     */
    public SubmitOutcome submit(Principal principal, String applicationId, IdempotencyKey key, HumanConfirmation human) {
        requireApply(principal);
        ApplicationId id = ApplicationId.required(applicationId);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(human, "human");
        Asking asking = jdbc.inTransaction("submit the loan application", connection -> {
            LoanApplication application = expiredIfDue(connection, principal, visible(connection, principal, id, true), now()).application();
            return replayOrProblem(connection, application, key, now());
        });
        Draft draft;
        switch (asking) {
            case Asking.Answered(SubmitOutcome outcome) -> {
                return outcome;
            }
            case Asking.Refused(String reason) -> throw new InvalidRequest(reason);
            case Asking.Ask(Draft toAsk) -> draft = toAsk;
        }
        HumanConfirmation.Answer answer = human.ask(CreditCheckConsent.of(draft));
        return switch (answer) {
            case HumanConfirmation.Answer.Declined declined -> new SubmitOutcome.NotConsented(draft, NoConsent.DECLINED);
            case HumanConfirmation.Answer.Cancelled cancelled -> new SubmitOutcome.NotConsented(draft, NoConsent.CANCELLED);
            case HumanConfirmation.Answer.Unavailable unavailable -> new SubmitOutcome.NotConsented(draft, NoConsent.UNAVAILABLE);
            case HumanConfirmation.Answer.Expired expired -> new SubmitOutcome.NotConsented(draft, NoConsent.EXPIRED);
            case HumanConfirmation.Answer.Pending waiting -> new SubmitOutcome.AwaitingConsent(draft, waiting.approvalId(),
                    waiting.expiresAt());
            case HumanConfirmation.Answer.Approved approved -> store(principal, draft, key, approved);
        };
    }

    /** Saves the submission the customer consented to, unless the draft changed while they were asked. */
    private SubmitOutcome store(Principal principal, Draft asked, IdempotencyKey key, HumanConfirmation.Answer.Approved approved) {
        Asking stored = jdbc.inTransaction("submit the loan application", connection -> {
            Instant now = now();
            LoanApplication application = expiredIfDue(connection, principal, visible(connection, principal, asked.id(), true), now)
                    .application();
            Asking again = replayOrProblem(connection, application, key, now);
            if (!(again instanceof Asking.Ask(Draft draft))) {
                return again;
            }
            if (!draft.fields().equals(asked.fields()) || !draft.productCode().equals(asked.productCode())) {
                return new Asking.Refused("Application " + draft.id() + " changed while the customer was asked to consent;"
                        + " nothing was submitted. Show the customer the application again and call submit_loan_application again.");
            }
            LoanProduct product = productOf(connection, draft);
            Consent consent = new Consent(approved.channel(), approved.approvedBy(), now);
            return switch (draft.submit(consent, product, now)) {
                case Transition.Refused<LoanApplication.Submitted>(String reason) -> new Asking.Refused(reason);
                case Transition.Moved<LoanApplication.Submitted>(LoanApplication.Submitted submitted) -> {
                    applications.saveSubmitted(connection, submitted, key.value());
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("product", submitted.productCode());
                    details.put("consent_channel", consent.channel());
                    details.put("consent_given_by", consent.givenBy());
                    details.put("consent_at", consent.at().toString());
                    audit.record(connection, principal.actor(), "submit_loan_application", subject(submitted), details, "submitted");
                    yield new Asking.Answered(new SubmitOutcome.Submitted(submitted, false));
                }
            };
        });
        return switch (stored) {
            // underwritten once the submission has committed: the answer shows the decision when the bureau answers
            case Asking.Answered(SubmitOutcome.Submitted(LoanApplication submitted, boolean replayed)) when !replayed ->
                    new SubmitOutcome.Submitted(underwriting.afterSubmit(submitted, principal.actor()), false);
            case Asking.Answered(SubmitOutcome outcome) -> outcome;
            case Asking.Refused(String reason) -> throw new InvalidRequest(reason);
            case Asking.Ask ask -> throw new IllegalStateException("a draft still to ask after the customer consented");
        };
    }

    /**
     * Before the customer is asked: the earlier answer when this key already submitted the application, a refusal
     * when it cannot be submitted, else the draft to ask about.
     */
    private Asking replayOrProblem(Connection connection, LoanApplication application, IdempotencyKey key, Instant now)
            throws SQLException {
        if (application.status() != LoanApplication.Status.DRAFT
                && applications.submitKey(connection, application.id()).filter(key.value()::equals).isPresent()) {
            return new Asking.Answered(new SubmitOutcome.Submitted(application, true));
        }
        Optional<String> problem = LoanApplication.submitProblem(application, productOf(connection, application), now);
        if (problem.isPresent()) {
            return new Asking.Refused(problem.get());
        }
        return new Asking.Ask((Draft) application);
    }

    private LoanProduct productOf(Connection connection, LoanApplication application) throws SQLException {
        return products.find(connection, application.productCode()).orElseThrow(() -> new IllegalStateException(
                "loan application " + application.id() + " names product " + application.productCode() + ", which is gone"));
    }

    /** Why a draft was not submitted although it could have been: the customer gave no consent. */
    public enum NoConsent {
        DECLINED("The customer did not consent to the credit check; the application stays a draft. Do not submit it again"
                + " unless the customer asks for it."),
        CANCELLED("The customer dismissed the credit check consent without answering; the application stays a draft. Do not"
                + " submit it again unless the customer asks for it."),
        UNAVAILABLE("This client cannot ask the customer for their consent to the credit check, so nothing was submitted and"
                + " the application stays a draft. Tell the customer to continue in a client that can ask them: the bank's"
                + " chat, or an MCP client with elicitation."),
        EXPIRED("The request for the customer's consent to the credit check expired before anyone approved it; nothing was"
                + " submitted and the application stays a draft. If the customer still wants to apply, call"
                + " submit_loan_application again: it asks for their consent anew.");

        private final String sentence;

        NoConsent(String sentence) {
            this.sentence = sentence;
        }

        /** What to tell the model, and through it the customer. */
        public String sentence() {
            return sentence;
        }
    }

    /** What a submit call did: submitted (now, or earlier under the same key), or not, for want of consent (yet). */
    public sealed interface SubmitOutcome {
        LoanApplication application();

        /** @param replayed whether it was submitted earlier under the same key, and nobody was asked now */
        record Submitted(LoanApplication application, boolean replayed) implements SubmitOutcome {}

        /** Nothing was stored; {@code application} is the draft as it stands. */
        record NotConsented(LoanApplication application, NoConsent reason) implements SubmitOutcome {}

        /**
         * Nothing was stored yet: the consent waits as approval request {@code approvalId} for the customer outside the
         * session ({@code ./bank approvals}); submitting again with the same key after they approve submits it.
         */
        record AwaitingConsent(LoanApplication application, String approvalId, Instant expiresAt) implements SubmitOutcome {}
    }

    /** Before or after the customer is asked: answered without asking, refused, or a draft to ask about. */
    private sealed interface Asking {
        record Answered(SubmitOutcome outcome) implements Asking {}

        record Refused(String reason) implements Asking {}

        record Ask(Draft draft) implements Asking {}
    }

    /** The expiry job's actor: lifetimes end whether or not anyone reads the application. */
    public static final Actor EXPIRY_JOB = Actor.of("system", "loan-expiry");

    /** Expires drafts and offers whose lifetime has ended, each in its own transaction; returns how many. */
    public int expireDue() {
        Instant now = now();
        List<ApplicationId> due = jdbc.query("find loan applications to expire", connection ->
                applications.dueToExpire(connection, now, LoanApplication.DRAFT_LIFETIME, 100));
        int expired = 0;
        for (ApplicationId id : due) {
            boolean done = jdbc.inTransaction("expire a loan application", connection -> {
                Optional<LoanApplication> found = applications.find(connection, id, true);
                // changed or accepted meanwhile: nothing to expire
                return found.isPresent() && expiries.expiredIfDue(connection, EXPIRY_JOB, found.get(), now) != found.get();
            });
            expired += done ? 1 : 0;
        }
        return expired;
    }

    /** Withdraws an application before its offer is accepted; refused, with nothing changed, from any later state. */
    public LoanApplication withdraw(Principal principal, String applicationId) {
        requireApply(principal);
        ApplicationId id = ApplicationId.required(applicationId);
        return jdbc.inTransaction("withdraw the loan application", connection -> {
            Instant now = now();
            LoanApplication application = expiredIfDue(connection, principal, visible(connection, principal, id, true), now)
                    .application();
            Outcome outcome = switch (LoanApplication.withdraw(application, now)) {
                case Transition.Refused<LoanApplication.Withdrawn>(String reason) -> new Outcome.Refused(reason);
                case Transition.Moved<LoanApplication.Withdrawn>(LoanApplication.Withdrawn withdrawn) -> {
                    applications.save(connection, withdrawn);
                    audit.record(connection, principal.actor(), "withdraw_loan_application", subject(withdrawn),
                            Map.of("withdrawn_from", withdrawn.withdrawnFrom().wireName()), "withdrawn");
                    yield new Outcome.Done(withdrawn);
                }
            };
            return outcome;
        }).orRefuse();
    }

    /** The application as it stands, expired first if its lifetime has ended. */
    public LoanApplication get(Principal principal, String applicationId) {
        requireRead(principal);
        ApplicationId id = ApplicationId.required(applicationId);
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
        return new Outcome.Done(expiries.expiredIfDue(connection, principal.actor(), application, now));
    }

    private LoanProduct product(String code) {
        String wanted = code == null ? "" : code.strip();
        // a code with control characters (a NUL among them, which PostgreSQL refuses in text) names no product
        Optional<LoanProduct> found = wanted.chars().anyMatch(Character::isISOControl) ? Optional.empty() : products.find(wanted);
        return found.orElseThrow(() -> {
            String known = products.all().stream().map(LoanProduct::code).collect(Collectors.joining(", "));
            String shown = wanted.length() > 40 ? wanted.substring(0, 40) + "…" : wanted;
            return new InvalidRequest("There is no loan product '" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "'; the products are: " + known + ".");
        });
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
