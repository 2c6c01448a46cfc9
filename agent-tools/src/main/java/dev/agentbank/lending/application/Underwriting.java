package dev.agentbank.lending.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.ledger.application.IncomeHistory;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.LoanDecisions;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Decision;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Submitted;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.lending.model.UnderwritingInput;
import dev.agentbank.lending.model.UnderwritingRules;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Underwriting a submitted application: the credit report from the bureau, the verified income from the ledger and
 * the account age from the accounts, then {@link UnderwritingRules} and the application's next state, stored with the
 * decision (every input and rule result, for replay) and its audit event in one transaction.
 * <ul>
 *   <li>Bureau {@link CreditCheck.Unavailable}: nothing is decided; the application stays SUBMITTED and the retry job
 *       ({@link #retryDue}) tries again after a backoff that doubles from one minute up to an hour.</li>
 *   <li>{@link CreditCheck.NoReport}: declined with that reason ({@link Submitted#declineWithoutCreditFile}); the rules
 *       cannot run without a score, asking again gives the same answer, and no score is made up.</li>
 *   <li>Concurrent runs decide once: the bureau is asked outside any transaction (no row stays locked during a call),
 *       then the application is locked and decided only if it is still SUBMITTED; {@code loan_decision} allows one
 *       decision per application besides.</li>
 * </ul>
 * It never throws for the bureau's behaviour: a submit call answers with the application as it then stands.
 */
public final class Underwriting {
    /** The retry job's name in the job registry. */
    public static final String JOB = "loan-underwriting";
    /** Whose call a decision made by the retry job is recorded under. */
    public static final Actor JOB_ACTOR = Actor.of("job", JOB);
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final int BATCH = 50;
    private static final Logger log = LoggerFactory.getLogger(Underwriting.class);

    private final Jdbc jdbc;
    private final LoanProducts products;
    private final LoanApplications applications;
    private final LoanDecisions decisions;
    private final Supplier<CreditBureau> bureau;
    private final IncomeHistory income;
    private final AccountDirectory accounts;
    private final AuditLog audit;
    private final Clock clock;

    /** {@code bureau} is asked for on first use: in the default set-up it starts the sandbox provider. */
    public Underwriting(Jdbc jdbc, LoanProducts products, LoanApplications applications, LoanDecisions decisions,
                        Supplier<CreditBureau> bureau, IncomeHistory income, AccountDirectory accounts, AuditLog audit,
                        Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.products = Objects.requireNonNull(products, "products");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.bureau = Objects.requireNonNull(bureau, "bureau");
        this.income = Objects.requireNonNull(income, "income");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Underwrites the application if it is SUBMITTED and returns it as it then stands: decided, or still SUBMITTED
     * when the bureau gave no answer. Any other state is returned as it is. {@code actor} is whose call this is.
     */
    public LoanApplication underwrite(ApplicationId id, Actor actor) {
        LoanApplication current = read(id);
        if (!(current instanceof Submitted submitted)) {
            return current;
        }
        CreditCheck check;
        try {
            check = bureau.get().report(submitted.customerId());
        } catch (RuntimeException e) {
            // a bug or a broken set-up must not fail the customer's submit; the job tries again
            log.warn("asking the credit bureau about {} failed: {}", id, e.getClass().getSimpleName());
            check = new CreditCheck.Unavailable("the credit bureau could not be asked");
        }
        return switch (check) {
            case CreditCheck.Unavailable unavailable -> postpone(id, unavailable.reason());
            case CreditCheck.NoReport noReport -> {
                Instant now = now();
                yield decide(id, actor, now, null, locked -> new Step(null, locked.declineWithoutCreditFile(now), "NO_CREDIT_FILE"));
            }
            case CreditCheck.Found found -> decideOnReport(submitted, found.report(), actor);
        };
    }

    /**
     * Underwrites an application just submitted, for the submit call's answer. Whatever goes wrong (the database, a
     * bug) leaves it submitted for the retry job: the customer's consent is stored and the submit call still answers.
     */
    public LoanApplication afterSubmit(LoanApplication submitted, Actor actor) {
        try {
            return underwrite(submitted.id(), actor);
        } catch (RuntimeException e) {
            log.warn("underwriting {} right after submit failed ({}); the {} job tries again", submitted.id(),
                    e.getClass().getSimpleName(), JOB);
            return submitted;
        }
    }

    /**
     * One pass of the retry job: underwrites every SUBMITTED application whose backoff has passed, oldest first, at
     * most 50 a pass. Returns how many left SUBMITTED.
     */
    public int retryDue() {
        List<ApplicationId> due = jdbc.query("list loan applications to underwrite", connection ->
                applications.dueForUnderwriting(connection, now(), BATCH));
        int decided = 0;
        for (ApplicationId id : due) {
            if (underwrite(id, JOB_ACTOR).status() != LoanApplication.Status.SUBMITTED) {
                decided++;
            }
        }
        return decided;
    }

    /** The decision underwriting stored for an application, if any: for replay and for officers. */
    public Optional<LoanDecisions.Stored> decisionOf(ApplicationId id) {
        return jdbc.query("read the loan decision", connection -> decisions.ofApplication(connection, id));
    }

    private LoanApplication decideOnReport(Submitted submitted, CreditReport report, Actor actor) {
        Instant now = now();
        LoanProduct product = products.find(submitted.productCode()).orElseThrow(() -> new IllegalStateException(
                "loan application " + submitted.id() + " names product " + submitted.productCode() + ", which is gone"));
        Money verified = income.averageMonthlyIncome(submitted.customerId(), product.currency(), now);
        long days = accounts.oldestOpenAccountOpenedAt(submitted.customerId())
                .map(opened -> Math.max(0, Duration.between(opened, now).toDays())).orElse(0L);
        int accountAgeDays = (int) Math.min(Integer.MAX_VALUE, days);
        return decide(submitted.id(), actor, now, report.bureauReference(), locked -> {
            UnderwritingInput input = locked.underwritingInput(verified.amount(), report.score(), report.delinquencies(),
                    accountAgeDays);
            Decision decision;
            try {
                decision = new UnderwritingRules(product).decide(input);
            } catch (InvalidRequest e) {
                // the product no longer lends this amount or term: no rule can decide it; an officer must look
                log.warn("loan application {} cannot be underwritten under product {} as it now stands", locked.id(), product.code());
                return null;
            }
            return switch (locked.decide(decision, product, now)) {
                case Transition.Moved<LoanApplication>(LoanApplication next) -> new Step(decision, next, decision.outcome().name());
                case Transition.Refused<LoanApplication> refused -> null;
            };
        });
    }

    /** What deciding a locked, still SUBMITTED application came to; null when it cannot be decided now. */
    private record Step(Decision decision, LoanApplication next, String what) {}

    @FunctionalInterface
    private interface Decider {
        Step decide(Submitted locked) throws SQLException;
    }

    private LoanApplication decide(ApplicationId id, Actor actor, Instant now, String bureauReference, Decider decider) {
        LoanApplication after = jdbc.inTransaction("decide the loan application", connection -> {
            LoanApplication locked = applications.find(connection, id, true).orElseThrow(() ->
                    new IllegalStateException("loan application " + id + " is gone"));
            if (!(locked instanceof Submitted submitted)) {
                return locked; // decided, or withdrawn, by another call meanwhile
            }
            Step step = decider.decide(submitted);
            if (step == null) {
                postpone(connection, id, now);
                return locked;
            }
            Long decisionId = null;
            if (step.decision() != null) {
                decisionId = decisions.insert(connection, id, step.decision(), bureauReference, now, actor);
            }
            applications.save(connection, step.next());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("outcome", step.what());
            if (step.decision() != null) {
                details.put("rules_version", step.decision().rulesVersion());
                details.put("decision_id", decisionId);
            }
            if (bureauReference != null) {
                details.put("bureau_reference", bureauReference);
            }
            audit.record(connection, actor, "underwrite_loan_application", "loan_application:" + id, details,
                    step.next().status().wireName());
            return step.next();
        });
        return after;
    }

    private LoanApplication postpone(ApplicationId id, String reason) {
        Instant now = now();
        log.info("loan application {} stays submitted: {}; the {} job tries again", id, reason, JOB);
        return jdbc.inTransaction("postpone underwriting", connection -> {
            postpone(connection, id, now);
            return applications.find(connection, id, false).orElseThrow();
        });
    }

    private void postpone(Connection connection, ApplicationId id, Instant now) throws SQLException {
        int attempts = applications.underwritingAttempts(connection, id);
        applications.underwritingPostponed(connection, id, now.plus(backoff(attempts)));
    }

    /** One minute after the first failure, doubling after each further one, never more than an hour. */
    static Duration backoff(int failuresBefore) {
        Duration wait = FIRST_RETRY;
        for (int i = 0; i < failuresBefore && wait.compareTo(LONGEST_RETRY) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    private LoanApplication read(ApplicationId id) {
        return jdbc.query("read the loan application", connection -> applications.find(connection, id, false))
                .orElseThrow(() -> new IllegalArgumentException("no loan application " + id));
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
