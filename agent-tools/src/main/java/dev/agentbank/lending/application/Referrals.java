package dev.agentbank.lending.application;

import dev.agentbank.identity.Capability;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.jdbc.LoanApplications;
import dev.agentbank.lending.jdbc.LoanProducts;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Referred;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The loan officer's side of underwriting: the queue of referred applications, and approving or declining one with a
 * reason. The rules of a decision live on {@link Referred} (a reason is required, an approval is priced at the band
 * underwriting found and must fit the product); this class checks who may decide and stores the decision, who made
 * it and why with its audit event in one transaction. Only officers decide; customers, tellers and analysts are refused.
 */
public final class Referrals {
    private final Jdbc jdbc;
    private final LoanProducts products;
    private final LoanApplications applications;
    private final AuditLog audit;
    private final Clock clock;

    public Referrals(Jdbc jdbc, LoanProducts products, LoanApplications applications, AuditLog audit, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.products = Objects.requireNonNull(products, "products");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What an officer decides: the words a tool takes. */
    public enum Verdict {
        APPROVE, DECLINE;

        static Verdict parse(String text) {
            String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            return switch (wanted) {
                case "approve" -> APPROVE;
                case "decline" -> DECLINE;
                default -> throw new InvalidRequest("decision must be approve or decline.");
            };
        }
    }

    /** Every referred application, oldest referral first. */
    public List<LoanApplication> referred(Principal principal) {
        requireOfficer(principal);
        return jdbc.query("list referred loan applications", applications::referred).stream()
                .filter(application -> principal.canSee(application.customerId())).toList();
    }

    /**
     * Approves or declines a referred application with the officer's reason, which the customer reads as written.
     * Refused, with nothing changed, for anyone but an officer, for an application in any other state, without a
     * reason, or when the product no longer lends the amount and term.
     */
    public LoanApplication decide(Principal principal, String applicationId, String decision, String reason) {
        requireOfficer(principal);
        ApplicationId id = ApplicationId.required(applicationId);
        Verdict verdict = Verdict.parse(decision);
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequest("reason is required: say in one line, for the customer, why the application is "
                    + (verdict == Verdict.APPROVE ? "approved" : "declined") + ".");
        }
        Outcome outcome = jdbc.inTransaction("decide the referred loan application", connection -> {
            LoanApplication application = applications.find(connection, id, true)
                    .filter(found -> principal.canSee(found.customerId()))
                    .orElse(null);
            if (application == null) {
                return new Refused("No loan application " + id + " is available to you.");
            }
            if (!(application instanceof Referred referred)) {
                return new Refused("Application " + id + " is " + application.status().wireName()
                        + "; an officer decides only applications underwriting referred (status referred).");
            }
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            LoanProduct product = products.find(connection, referred.productCode()).orElseThrow(() -> new IllegalStateException(
                    "loan application " + id + " names product " + referred.productCode() + ", which is gone"));
            Transition<? extends LoanApplication> step = switch (verdict) {
                case APPROVE -> referred.approve(reason, product, now);
                case DECLINE -> referred.decline(reason, now);
            };
            return switch (step) {
                case Transition.Refused<? extends LoanApplication> refused -> new Refused(refused.reason());
                case Transition.Moved<? extends LoanApplication> moved -> {
                    LoanApplication next = moved.next();
                    applications.save(connection, next);
                    applications.saveOfficerDecision(connection, id, next.status(), reason.strip(), principal.actor(), now);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("decision", verdict.name().toLowerCase(Locale.ROOT));
                    details.put("reason", reason.strip());
                    details.put("band", referred.band().name());
                    details.put("referral_reasons", referred.reasons());
                    audit.record(connection, principal.actor(), "decide_loan_application", "loan_application:" + id, details,
                            next.status().wireName());
                    yield new Done(next);
                }
            };
        });
        // refused after the transaction, which changed nothing
        return switch (outcome) {
            case Done(LoanApplication application) -> application;
            case Refused(String why) -> throw new InvalidRequest(why);
        };
    }

    private sealed interface Outcome {}

    private record Done(LoanApplication application) implements Outcome {}

    private record Refused(String reason) implements Outcome {}

    private static void requireOfficer(Principal principal) {
        if (!principal.may(Capability.DECIDE_LOANS)) {
            throw new InvalidRequest("Only a loan officer may see the referral queue and decide referred loan applications.");
        }
    }
}
