package dev.agentbank.lending.application;

import dev.agentbank.identity.Capability;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.OfferAcceptance;
import dev.agentbank.lending.model.Transition;
import dev.agentbank.lending.jdbc.LoanApplications;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Accepting a loan offer and paying the loan out. The customer is always asked, whatever the amount, through the
 * session's human channel (or a pending confirmation when the client cannot ask); nothing a model sends stands in for
 * it. Then:
 * <ol>
 *   <li>one transaction stores the acceptance, with the channel, who confirmed and when, unless the offer changed or
 *       expired while the customer read it;</li>
 *   <li>{@link Disbursements} pays it out, exactly once per application however often it is asked;</li>
 *   <li>one transaction records the payout on the application, which is then DISBURSED.</li>
 * </ol>
 * A crash or a refused payout between the steps leaves the application ACCEPTED: a retry of the same accept call, or
 * the payout job ({@link #payOutAccepted}), finishes it. Nobody is asked twice.
 */
public final class OfferAcceptances {
    /** The payout job's actor, for payouts a crash or a refusal left to finish. */
    public static final Actor PAYOUT_JOB = Actor.of("system", "loan-payout");
    public static final String JOB = "loan-payout";

    private final Jdbc jdbc;
    private final LoanApplications applications;
    private final Disbursements disbursements;
    private final AuditLog audit;
    private final Clock clock;
    private final Expiries expiries;

    public OfferAcceptances(Jdbc jdbc, LoanApplications applications, Disbursements disbursements, AuditLog audit, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.applications = Objects.requireNonNull(applications, "applications");
        this.disbursements = Objects.requireNonNull(disbursements, "disbursements");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.expiries = new Expiries(applications, audit);
    }

    /** What an accept call did. */
    public sealed interface AcceptOutcome {
        LoanApplication application();

        /** Accepted and paid out; {@code replayed} when an earlier call under the same key had accepted it. */
        record PaidOut(LoanApplication.Disbursed application, boolean replayed) implements AcceptOutcome {}

        /** Accepted, but the payout was refused or could not be made yet; the bank retries it. */
        record PayoutWaiting(LoanApplication.Accepted application, String problem, boolean replayed) implements AcceptOutcome {}

        /** Nothing was accepted: the customer did not confirm. */
        record NotAccepted(LoanApplication application, NoConfirmation reason) implements AcceptOutcome {}

        /** Nothing was accepted yet: the confirmation waits as {@code approvalId} for a human outside the session. */
        record AwaitingConfirmation(LoanApplication application, String approvalId, Instant expiresAt) implements AcceptOutcome {}
    }

    /** Why an offer was not accepted although it could have been. */
    public enum NoConfirmation {
        DECLINED("The customer did not confirm the loan; nothing was accepted and the offer stands until it expires. Do not"
                + " accept it again unless the customer asks for it."),
        CANCELLED("The customer dismissed the confirmation without answering; nothing was accepted and the offer stands"
                + " until it expires. Do not accept it again unless the customer asks for it."),
        UNAVAILABLE("This client cannot ask the customer to confirm the loan, so nothing was accepted. Tell the customer to"
                + " continue in the bank's chat or an MCP client with elicitation."),
        EXPIRED("The confirmation request expired before anyone approved it; nothing was accepted. Call accept_loan_offer"
                + " again if the customer still wants the loan.");

        private final String sentence;

        NoConfirmation(String sentence) {
            this.sentence = sentence;
        }

        public String sentence() {
            return sentence;
        }
    }

    /**
     * Accepts the offer of an approved application once its customer confirms, then pays the loan out. A retry with
     * the key the offer was accepted under answers as before (finishing a payout left undone) without asking again.
     */
    public AcceptOutcome accept(Principal principal, String applicationId, IdempotencyKey key, HumanConfirmation human) {
        if (!principal.may(Capability.APPLY_FOR_LOANS)) {
            throw new InvalidRequest("You may read loan applications but not accept loan offers.");
        }
        ApplicationId id = ApplicationId.required(applicationId);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(human, "human");
        Step before = jdbc.inTransaction("accept the loan offer", connection -> replayOrAsk(connection, principal, id, key));
        return switch (before) {
            case Step.Replay(LoanApplication done) -> finish(principal.actor(), done, true);
            case Step.Refused(String reason) -> throw new InvalidRequest(reason);
            case Step.Ask(LoanApplication.Approved approved) -> ask(principal, approved, key, human);
        };
    }

    private AcceptOutcome ask(Principal principal, LoanApplication.Approved approved, IdempotencyKey key, HumanConfirmation human) {
        return switch (human.ask(OfferAcceptance.of(approved))) {
            case HumanConfirmation.Answer.Declined declined -> new AcceptOutcome.NotAccepted(approved, NoConfirmation.DECLINED);
            case HumanConfirmation.Answer.Cancelled cancelled -> new AcceptOutcome.NotAccepted(approved, NoConfirmation.CANCELLED);
            case HumanConfirmation.Answer.Unavailable unavailable ->
                    new AcceptOutcome.NotAccepted(approved, NoConfirmation.UNAVAILABLE);
            case HumanConfirmation.Answer.Expired expired -> new AcceptOutcome.NotAccepted(approved, NoConfirmation.EXPIRED);
            case HumanConfirmation.Answer.Pending waiting ->
                    new AcceptOutcome.AwaitingConfirmation(approved, waiting.approvalId(), waiting.expiresAt());
            case HumanConfirmation.Answer.Approved confirmed -> {
                LoanApplication.Accepted accepted = store(principal, approved, key, confirmed);
                yield payOut(principal.actor(), accepted, false);
            }
        };
    }

    /** Finishes the payouts of accepted applications a crash or a refusal left undone; returns how many were paid out. */
    public int payOutAccepted() {
        List<ApplicationId> waiting = jdbc.query("find accepted loans to pay out", connection ->
                applications.acceptedAwaitingPayout(connection, 50));
        int paid = 0;
        for (ApplicationId id : waiting) {
            Optional<LoanApplication> application = jdbc.query("read the accepted application", connection ->
                    applications.find(connection, id, false));
            if (application.orElse(null) instanceof LoanApplication.Accepted accepted
                    && payOut(PAYOUT_JOB, accepted, false) instanceof AcceptOutcome.PaidOut) {
                paid++;
            }
        }
        return paid;
    }

    /** Stores the acceptance the customer confirmed, unless the offer changed or ended while they were asked. */
    private LoanApplication.Accepted store(Principal principal, LoanApplication.Approved asked, IdempotencyKey key,
                                           HumanConfirmation.Answer.Approved confirmed) {
        return jdbc.inTransaction("accept the loan offer", connection -> {
            Instant now = now();
            Step again = replayOrAsk(connection, principal, asked.id(), key);
            if (again instanceof Step.Replay(LoanApplication.Accepted accepted)) {
                return accepted;
            }
            if (again instanceof Step.Replay(LoanApplication.Disbursed disbursed)) {
                throw new InvalidRequest("Application " + disbursed.id() + " was accepted and paid out meanwhile.");
            }
            if (!(again instanceof Step.Ask(LoanApplication.Approved current))) {
                throw new InvalidRequest(((Step.Refused) again).reason());
            }
            if (!current.offer().equals(asked.offer()) || !current.offeredAt().equals(asked.offeredAt())) {
                throw new InvalidRequest("The offer on application " + current.id() + " changed while the customer was asked;"
                        + " nothing was accepted. Show the customer the offer again and call accept_loan_offer again.");
            }
            return switch (current.accept(now)) {
                case Transition.Refused<LoanApplication.Accepted>(String reason) -> throw new InvalidRequest(reason);
                case Transition.Moved<LoanApplication.Accepted>(LoanApplication.Accepted accepted) -> {
                    Consent acceptance = new Consent(confirmed.channel(), confirmed.approvedBy(), now);
                    applications.saveAccepted(connection, accepted, key.value(), acceptance);
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("amount", accepted.offer().amount().toString());
                    details.put("term_months", accepted.offer().termMonths());
                    details.put("apr_percent", accepted.offer().aprPercent().toPlainString());
                    details.put("confirmed_through", acceptance.channel());
                    details.put("confirmed_by", acceptance.givenBy());
                    audit.record(connection, principal.actor(), "accept_loan_offer", subject(accepted), details, "accepted");
                    yield accepted;
                }
            };
        });
    }

    /** What a replayed call finds: a loan paid out, or an acceptance whose payout is still to be made. */
    private AcceptOutcome finish(Actor actor, LoanApplication done, boolean replayed) {
        return switch (done) {
            case LoanApplication.Disbursed disbursed -> new AcceptOutcome.PaidOut(disbursed, replayed);
            case LoanApplication.Accepted accepted -> payOut(actor, accepted, replayed);
            default -> throw new IllegalStateException("application " + done.id() + " replayed as " + done.status());
        };
    }

    /** Pays an accepted application out and records the payout on it; a refusal leaves it accepted, to retry. */
    private AcceptOutcome payOut(Actor actor, LoanApplication.Accepted accepted, boolean replayed) {
        Disbursements.Outcome outcome;
        try {
            outcome = disbursements.disburse(actor, accepted);
        } catch (InvalidRequest refused) {
            return new AcceptOutcome.PayoutWaiting(accepted, refused.getMessage(), replayed);
        }
        return switch (outcome) {
            case Disbursements.Outcome.Refused(var loanId, String message) ->
                    new AcceptOutcome.PayoutWaiting(accepted, message, replayed);
            case Disbursements.Outcome.Disbursed paid -> new AcceptOutcome.PaidOut(recordPayout(actor, accepted.id(),
                    paid.loan().id().value(), paid.transactionId()), replayed);
        };
    }

    private LoanApplication.Disbursed recordPayout(Actor actor, ApplicationId id, String loanId, long transactionId) {
        return jdbc.inTransaction("record the loan payout", connection -> {
            LoanApplication current = applications.find(connection, id, true).orElseThrow();
            return switch (current) {
                case LoanApplication.Disbursed already -> already;
                case LoanApplication.Accepted accepted -> {
                    LoanApplication.Disbursed disbursed = accepted.disbursed(loanId, transactionId, now());
                    applications.save(connection, disbursed);
                    audit.record(connection, actor, "disburse_loan", subject(disbursed), Map.of("loan_id", loanId,
                            "transaction_id", transactionId, "payout", disbursed.offer().payout().toString(),
                            "into", disbursed.fields().disbursementAccount().value()), "disbursed");
                    yield disbursed;
                }
                default -> throw new IllegalStateException("loan " + loanId + " was paid out for application " + id
                        + ", which is " + current.status());
            };
        });
    }

    /**
     * Before or after the customer is asked: the application accepted earlier under this key, a refusal saying why
     * the offer cannot be accepted, or the approved application to ask about. Expires an offer whose time is up.
     */
    private Step replayOrAsk(Connection connection, Principal principal, ApplicationId id, IdempotencyKey key)
            throws SQLException {
        Instant now = now();
        LoanApplication application = applications.find(connection, id, true)
                .filter(found -> principal.canSee(found.customerId()))
                .orElseThrow(() -> new InvalidRequest("No loan application " + id + " is available to you."));
        application = expiries.expiredIfDue(connection, principal.actor(), application, now);
        boolean acceptedUnderThisKey = (application instanceof LoanApplication.Accepted || application instanceof LoanApplication.Disbursed)
                && applications.acceptKey(connection, id).filter(key.value()::equals).isPresent();
        if (acceptedUnderThisKey) {
            return new Step.Replay(application);
        }
        return switch (LoanApplication.accept(application, now)) {
            case Transition.Refused<LoanApplication.Accepted>(String reason) -> new Step.Refused(reason);
            case Transition.Moved<LoanApplication.Accepted> moved -> new Step.Ask((LoanApplication.Approved) application);
        };
    }

    private sealed interface Step {
        record Replay(LoanApplication application) implements Step {}

        record Refused(String reason) implements Step {}

        record Ask(LoanApplication.Approved approved) implements Step {}
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static String subject(LoanApplication application) {
        return "loan_application:" + application.id();
    }
}
