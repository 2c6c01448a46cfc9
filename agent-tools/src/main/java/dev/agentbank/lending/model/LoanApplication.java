package dev.agentbank.lending.model;

import static dev.agentbank.lending.model.Wording.when;

import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A loan application and the state it is in. Each state is its own type holding what that state knows, and each
 * step is a method on the states it is legal from, returning the next state or a refusal that says why
 * ({@link Transition}): a draft can be updated and submitted, an approved application's offer accepted, and
 * "accept a declined application" cannot be written against a {@link Declined}.
 *
 * <pre>
 * Draft ──submit──▶ Submitted ──decide──▶ Approved ──accept──▶ Accepted ──disbursed──▶ Disbursed
 *   │                   │  └──────────────▶ Declined
 *   │                   └──decide──▶ Referred ──approve / decline──▶ Approved | Declined
 *   └─ Draft, Submitted, Referred, Approved ──withdraw──▶ Withdrawn
 *      Draft (30 days untouched), Approved (14 days after the offer) ──expireIfDue──▶ Expired
 * </pre>
 *
 * Requests that arrive untyped (a tool call naming an application id) go through the static {@link #update},
 * {@link #submit}, {@link #accept} and {@link #withdraw}, which answer every state: the legal one moves, every other
 * is refused with a sentence naming the application and its state.
 * <p>
 * Steps take the time as an argument and never read a clock. A lifetime ends at its instant: a draft last touched at
 * T has expired at exactly T + 30 days (720 hours), an offer made at T at exactly T + 14 days; one nanosecond before,
 * it is still alive.
 */
public sealed interface LoanApplication
        permits LoanApplication.Withdrawable, LoanApplication.Declined, LoanApplication.Accepted, LoanApplication.Disbursed,
                LoanApplication.Withdrawn, LoanApplication.Expired {

    /** A draft nobody has changed for this long has expired. */
    Duration DRAFT_LIFETIME = Duration.ofDays(30);
    /** An offer not accepted within this long has expired. */
    Duration OFFER_LIFETIME = Duration.ofDays(14);
    /** The longest reason a loan officer may give; it is shown to the customer as written. */
    int LONGEST_REASON = 500;
    /** Why an application is declined when the credit bureau holds no credit file for the customer. */
    String NO_CREDIT_FILE = "The credit bureau holds no credit file for you, so we could not assess your credit history;"
            + " we cannot offer this loan without it.";

    enum Status {
        DRAFT, SUBMITTED, REFERRED, APPROVED, DECLINED, ACCEPTED, DISBURSED, WITHDRAWN, EXPIRED;

        /** The name in views, such as {@code approved}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What every state holds: who applied for which product, the fields as saved, when the application was started and
     * when it last changed. {@code lastTouchedAt} never goes back, even if a later step's clock is behind.
     */
    record Common(ApplicationId id, long customerId, String productCode, LoanFields fields, Instant createdAt,
                  Instant lastTouchedAt) {
        public Common {
            Objects.requireNonNull(id, "id");
            if (customerId <= 0) {
                throw new IllegalArgumentException("customerId must be positive, got " + customerId);
            }
            Objects.requireNonNull(productCode, "productCode");
            Objects.requireNonNull(fields, "fields");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(lastTouchedAt, "lastTouchedAt");
            if (lastTouchedAt.isBefore(createdAt)) {
                throw new IllegalArgumentException("lastTouchedAt " + lastTouchedAt + " is before createdAt " + createdAt);
            }
        }

        Common touched(Instant now) {
            Objects.requireNonNull(now, "now");
            return new Common(id, customerId, productCode, fields, createdAt, now.isAfter(lastTouchedAt) ? now : lastTouchedAt);
        }

        Common with(LoanFields changed, Instant now) {
            return new Common(id, customerId, productCode, changed, createdAt, lastTouchedAt).touched(now);
        }

        void requireProduct(LoanProduct product) {
            if (!product.code().equals(productCode)) {
                throw new IllegalArgumentException("application " + id + " is for product " + productCode + ", not " + product.code());
            }
        }

        void requireComplete() {
            if (!fields.isComplete()) {
                throw new IllegalArgumentException("application " + id + " past its draft must have every field, missing "
                        + fields.missing());
            }
        }
    }

    /** The customer's consent to the credit check and when the application was submitted with it. */
    record Submission(Consent consent, Instant submittedAt) {
        public Submission {
            Objects.requireNonNull(consent, "consent");
            Objects.requireNonNull(submittedAt, "submittedAt");
        }
    }

    Common common();

    Status status();

    /** What a model should do next, in words it can act on. */
    String nextStep();

    default ApplicationId id() {
        return common().id();
    }

    default long customerId() {
        return common().customerId();
    }

    default String productCode() {
        return common().productCode();
    }

    default LoanFields fields() {
        return common().fields();
    }

    default Instant createdAt() {
        return common().createdAt();
    }

    default Instant lastTouchedAt() {
        return common().lastTouchedAt();
    }

    /** The fields still to be given before the application can be submitted; empty once it has been. */
    default List<LoanField> missingFields() {
        return fields().missing();
    }

    /** Whether nothing can happen to the application any more. */
    default boolean isFinal() {
        return switch (this) {
            case Draft d -> false;
            case Submitted s -> false;
            case Referred r -> false;
            case Approved a -> false;
            case Accepted a -> false;
            case Declined d -> true;
            case Disbursed d -> true;
            case Withdrawn w -> true;
            case Expired e -> true;
        };
    }

    /**
     * The expired application, if its lifetime ended by {@code now}: a draft 30 days after it was last touched, an offer
     * 14 days after it was made. Empty for every other state and before that instant. The expiry job and every read
     * call this first and save what it returns.
     */
    default Optional<Expired> expireIfDue(Instant now) {
        Objects.requireNonNull(now, "now");
        return switch (this) {
            case Draft d when d.hasExpiredAt(now) ->
                    Optional.of(new Expired(d.common().touched(now), Status.DRAFT, d.expiresAt()));
            case Approved a when a.hasExpiredAt(now) ->
                    Optional.of(new Expired(a.common().touched(now), Status.APPROVED, a.offerExpiresAt()));
            case Draft d -> Optional.empty();
            case Approved a -> Optional.empty();
            case Submitted s -> Optional.empty();
            case Referred r -> Optional.empty();
            case Declined d -> Optional.empty();
            case Accepted a -> Optional.empty();
            case Disbursed d -> Optional.empty();
            case Withdrawn w -> Optional.empty();
            case Expired e -> Optional.empty();
        };
    }

    // --- steps for requests that arrive untyped --------------------------------------------------------------------

    /** Saves fields in a draft; every other state refuses: only a draft can be changed. */
    static Transition<Draft> update(LoanApplication application, FieldChanges changes, LoanProduct product, Instant now) {
        return switch (application) {
            case Draft d -> d.update(changes, product, now);
            case Submitted s -> refusedAsNotADraft(s, "changed");
            case Referred r -> refusedAsNotADraft(r, "changed");
            case Approved a -> refusedAsNotADraft(a, "changed");
            case Declined d -> refusedAsNotADraft(d, "changed");
            case Accepted a -> refusedAsNotADraft(a, "changed");
            case Disbursed d -> refusedAsNotADraft(d, "changed");
            case Withdrawn w -> refusedAsNotADraft(w, "changed");
            case Expired e -> refusedAsNotADraft(e, "changed");
        };
    }

    /** Submits a draft; every other state refuses: only a draft can be submitted. */
    static Transition<Submitted> submit(LoanApplication application, Consent consent, LoanProduct product, Instant now) {
        return switch (application) {
            case Draft d -> d.submit(consent, product, now);
            case Submitted s -> refusedAsNotADraft(s, "submitted");
            case Referred r -> refusedAsNotADraft(r, "submitted");
            case Approved a -> refusedAsNotADraft(a, "submitted");
            case Declined d -> refusedAsNotADraft(d, "submitted");
            case Accepted a -> refusedAsNotADraft(a, "submitted");
            case Disbursed d -> refusedAsNotADraft(d, "submitted");
            case Withdrawn w -> refusedAsNotADraft(w, "submitted");
            case Expired e -> refusedAsNotADraft(e, "submitted");
        };
    }

    /**
     * Why {@link #submit} would refuse this application at {@code now}, whatever the consent; empty when it would move.
     * Asked before the customer is asked to consent.
     */
    static Optional<String> submitProblem(LoanApplication application, LoanProduct product, Instant now) {
        return switch (application) {
            case Draft d -> d.submitProblem(product, now);
            default -> Optional.of(notADraft(application, "submitted"));
        };
    }

    /** Accepts the offer of an approved application; every other state refuses, saying why there is no offer to accept. */
    static Transition<Accepted> accept(LoanApplication application, Instant now) {
        return switch (application) {
            case Approved a -> a.accept(now);
            case Draft d -> Transition.refused("Application " + d.id() + " has not been submitted yet; there is no offer to accept.");
            case Submitted s -> Transition.refused("Application " + s.id() + " is still being assessed; there is no offer to accept yet.");
            case Referred r -> Transition.refused("Application " + r.id() + " is with a loan officer; there is no offer to accept yet.");
            case Declined d -> Transition.refused("Application " + d.id() + " was declined; there is no offer to accept.");
            case Accepted a -> Transition.refused("Application " + a.id() + " has already been accepted.");
            case Disbursed d -> Transition.refused("Application " + d.id() + " has already been accepted and paid out.");
            case Withdrawn w -> Transition.refused("Application " + w.id() + " was withdrawn; there is no offer to accept.");
            case Expired e -> Transition.refused("Application " + e.id() + " expired on " + when(e.expiredAt())
                    + "; there is no offer to accept.");
        };
    }

    /** Withdraws an application before its offer is accepted; every later or final state refuses. */
    static Transition<Withdrawn> withdraw(LoanApplication application, Instant now) {
        return switch (application) {
            case Withdrawable w -> w.withdraw(now);
            case Declined d -> Transition.refused("Application " + d.id() + " was declined; there is nothing to withdraw.");
            case Accepted a -> Transition.refused("Application " + a.id() + " has already been accepted; it can no longer be withdrawn.");
            case Disbursed d -> Transition.refused("Application " + d.id() + " has already been paid out; it can no longer be withdrawn.");
            case Withdrawn w -> Transition.refused("Application " + w.id() + " was already withdrawn.");
            case Expired e -> Transition.refused("Application " + e.id() + " expired on " + when(e.expiredAt())
                    + "; there is nothing to withdraw.");
        };
    }

    // --- the states ---------------------------------------------------------------------------------------------------

    /** The states an application can be withdrawn from: before the customer accepts an offer. */
    sealed interface Withdrawable extends LoanApplication permits Draft, Submitted, Referred, Approved {
        /** Withdrawn, unless the draft or offer has already expired. */
        default Transition<Withdrawn> withdraw(Instant now) {
            Optional<String> expired = switch (this) {
                case Draft d -> d.hasExpiredAt(now) ? Optional.of(d.expiredSentence()) : Optional.empty();
                case Approved a -> a.hasExpiredAt(now) ? Optional.of(a.expiredSentence()) : Optional.empty();
                case Submitted s -> Optional.empty();
                case Referred r -> Optional.empty();
            };
            return expired.<Transition<Withdrawn>>map(Transition::refused)
                    .orElseGet(() -> Transition.moved(new Withdrawn(common().touched(now), status(), now)));
        }
    }

    /** Being filled in: fields can be saved one or a few at a time, checked on their own, until all nine are there. */
    record Draft(Common common) implements Withdrawable {
        public Draft {
            Objects.requireNonNull(common, "common");
        }

        /** A new, empty draft. */
        public static Draft start(ApplicationId id, long customerId, LoanProduct product, Instant now) {
            return new Draft(new Common(id, customerId, product.code(), LoanFields.empty(), now, now));
        }

        @Override
        public Status status() {
            return Status.DRAFT;
        }

        /** The instant the draft expires unless it is changed before. */
        public Instant expiresAt() {
            return lastTouchedAt().plus(DRAFT_LIFETIME);
        }

        public boolean hasExpiredAt(Instant now) {
            return !now.isBefore(expiresAt());
        }

        /**
         * Saves the fields given, each checked on its own against the product, all or nothing. Refused, with nothing
         * saved, when any field is invalid (naming each), when nothing is given, or when the draft has expired.
         */
        public Transition<Draft> update(FieldChanges changes, LoanProduct product, Instant now) {
            common.requireProduct(product);
            if (hasExpiredAt(now)) {
                return Transition.refused(expiredSentence());
            }
            if (changes.isEmpty()) {
                return Transition.refused("Nothing to save for application " + id() + ": give one or more of "
                        + wireNames(List.of(LoanField.values())) + ".");
            }
            return switch (changes.check(product)) {
                case FieldCheck.Valid<LoanFields>(LoanFields checked) ->
                        Transition.moved(new Draft(common.with(fields().merge(checked), now)));
                case FieldCheck.Invalid<LoanFields> invalid ->
                        Transition.refused("Nothing was saved. " + invalid.sentence());
            };
        }

        /**
         * Submits the draft for a credit check with the customer's consent. Refused when a field is missing (naming
         * them), when a saved amount or term is no longer within the product, or when the draft has expired.
         */
        public Transition<Submitted> submit(Consent consent, LoanProduct product, Instant now) {
            Objects.requireNonNull(consent, "consent");
            Optional<String> problem = submitProblem(product, now);
            if (problem.isPresent()) {
                return Transition.refused(problem.get());
            }
            return Transition.moved(new Submitted(common.touched(now), new Submission(consent, now)));
        }

        /**
         * Why {@link #submit} would refuse at {@code now}, whatever the consent: so nobody is asked to consent to what
         * cannot be submitted. Empty when the draft can be submitted.
         */
        public Optional<String> submitProblem(LoanProduct product, Instant now) {
            common.requireProduct(product);
            if (hasExpiredAt(now)) {
                return Optional.of(expiredSentence());
            }
            List<LoanField> missing = missingFields();
            if (!missing.isEmpty()) {
                return Optional.of("Application " + id() + " cannot be submitted yet: ask the customer for "
                        + wireNames(missing) + " and save them with update_loan_application first.");
            }
            if (fields().checkAgainst(product) instanceof FieldCheck.Invalid<LoanFields> invalid) {
                return Optional.of("Application " + id() + " cannot be submitted as it is: " + invalid.sentence()
                        + " Save a new value with update_loan_application first.");
            }
            return Optional.empty();
        }

        @Override
        public String nextStep() {
            String keep = " Unless it is changed, the draft expires on " + when(expiresAt()) + ".";
            List<LoanField> missing = missingFields();
            if (missing.isEmpty()) {
                return "Every field is saved. Confirm the details with the customer, then call submit_loan_application,"
                        + " which asks the customer to consent to a credit check." + keep;
            }
            return "Ask the customer for: " + wireNames(missing) + "; save each answer with update_loan_application."
                    + " Then call submit_loan_application, which asks the customer to consent to a credit check." + keep;
        }

        String expiredSentence() {
            return "Application " + id() + " expired on " + when(expiresAt()) + ", " + DRAFT_LIFETIME.toDays()
                    + " days after it was last changed; start a new application.";
        }
    }

    /** Submitted with consent: the bank is checking the credit report and deciding. */
    record Submitted(Common common, Submission submission) implements Withdrawable {
        public Submitted {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
        }

        @Override
        public Status status() {
            return Status.SUBMITTED;
        }

        /**
         * What underwriting reads about this application: the figures the customer stated, with what the ledger and the
         * credit report say, which the caller has gathered.
         */
        public UnderwritingInput underwritingInput(BigDecimal verifiedMonthlyIncome, int creditScore, int delinquencies,
                                                   int oldestAccountAgeDays) {
            LoanFields f = fields();
            return new UnderwritingInput(productCode(), f.amount(), f.termMonths(), f.monthlyNetIncome(), f.monthlyHousingCost(),
                    f.monthlyDebtPayments(), f.employmentStatus(), f.monthsEmployed(), verifiedMonthlyIncome, creditScore,
                    delinquencies, oldestAccountAgeDays);
        }

        /**
         * Moves on by underwriting's decision: an offer (approved, or a counter-offer of less), a referral to a loan
         * officer, or a decline with the decision's reasons. The offer's first installment is due one month after today
         * (UTC); it stays open for 14 days. Refused only if the product no longer lends the amount and term. A decision
         * made on other figures than this application's is a bug and throws.
         */
        public Transition<LoanApplication> decide(Decision decision, LoanProduct product, Instant now) {
            Objects.requireNonNull(decision, "decision");
            common.requireProduct(product);
            UnderwritingInput read = decision.input();
            if (!read.equals(underwritingInput(read.verifiedMonthlyIncome(), read.creditScore(), read.delinquencies(),
                    read.oldestAccountAgeDays()))) {
                throw new IllegalArgumentException("the decision was made on other figures than application " + id() + ": " + read);
            }
            return switch (decision) {
                case Decision.Approved approved ->
                        Approved.offer(common, submission, product, approved.band(), approved.amount(), List.of(), now).widened();
                case Decision.CounterOffer counter -> {
                    if (!fields().amount().isGreaterThan(counter.amount())) {
                        throw new IllegalArgumentException("a counter-offer of " + counter.amount() + " is not less than the "
                                + fields().amount() + " asked for");
                    }
                    yield Approved.offer(common, submission, product, counter.band(), counter.amount(), counter.reasons(), now)
                            .widened();
                }
                case Decision.Referred referred -> Transition.moved(new Referred(common.touched(now), submission, referred, now));
                case Decision.Declined declined ->
                        Transition.moved(new Declined(common.touched(now), submission, declined.reasons(), now));
            };
        }

        /**
         * The credit bureau answered that it holds no credit file for the customer. The rules cannot run without a
         * credit score, and the bureau will give the same answer if asked again, so the application is declined with
         * that reason (a standard adverse-action reason), rather than waiting for ever or deciding on a made-up score.
         */
        public Declined declineWithoutCreditFile(Instant now) {
            return new Declined(common.touched(now), submission, List.of(NO_CREDIT_FILE), now);
        }

        @Override
        public String nextStep() {
            return "The bank is checking the credit report; call get_loan_application again later.";
        }
    }

    /**
     * Underwriting could not decide alone; a loan officer reads its decision (every rule's result and what it looked at)
     * and approves or declines, giving a reason either way.
     */
    record Referred(Common common, Submission submission, Decision.Referred decision, Instant referredAt)
            implements Withdrawable {
        public Referred {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(decision, "decision");
            Objects.requireNonNull(referredAt, "referredAt");
        }

        @Override
        public Status status() {
            return Status.REFERRED;
        }

        /** The band the rules would price the amount asked for at; an officer's approval is priced at it. */
        public RiskBand band() {
            return decision.band();
        }

        /** What the officer should look at: the sentences of the rules that referred the application. */
        public List<String> reasons() {
            return decision.reasons();
        }

        /** The officer approves the amount and term asked for at the band underwriting priced it at. */
        public Transition<Approved> approve(String reason, LoanProduct product, Instant now) {
            common.requireProduct(product);
            Optional<String> problem = reasonProblem(reason, "approval");
            if (problem.isPresent()) {
                return Transition.refused(problem.get());
            }
            return Approved.offer(common, submission, product, band(), fields().amount(), List.of(reason.strip()), now);
        }

        /** The officer declines; the reason is shown to the customer as written. */
        public Transition<Declined> decline(String reason, Instant now) {
            Optional<String> problem = reasonProblem(reason, "decline");
            if (problem.isPresent()) {
                return Transition.refused(problem.get());
            }
            return Transition.moved(new Declined(common.touched(now), submission, List.of(reason.strip()), now));
        }

        @Override
        public String nextStep() {
            return "A loan officer is reviewing the application; call get_loan_application again later.";
        }

        private Optional<String> reasonProblem(String reason, String what) {
            if (reason == null || reason.isBlank()) {
                return Optional.of("An officer's " + what + " of application " + id() + " needs a reason; none was given.");
            }
            if (PlainText.hasControlCharacters(reason.strip()) || reason.strip().length() > LONGEST_REASON) {
                return Optional.of("An officer's reason must be plain text on one line of at most " + LONGEST_REASON
                        + " characters.");
            }
            return Optional.empty();
        }
    }

    /** The bank has made an offer; the customer may accept it until it expires. */
    record Approved(Common common, Submission submission, Offer offer, List<String> reasons, Instant offeredAt,
                    Instant offerExpiresAt) implements Withdrawable {
        public Approved {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(offer, "offer");
            reasons = List.copyOf(reasons);
            Objects.requireNonNull(offeredAt, "offeredAt");
            Objects.requireNonNull(offerExpiresAt, "offerExpiresAt");
            if (!offerExpiresAt.isAfter(offeredAt)) {
                throw new IllegalArgumentException("an offer expires after it is made");
            }
        }

        static Transition<Approved> offer(Common common, Submission submission, LoanProduct product, RiskBand band, Money amount,
                                          List<String> reasons, Instant now) {
            int term = common.fields().termMonths();
            Optional<String> problem = product.amountProblem(amount.amount()).or(() -> product.termProblem(term));
            if (problem.isPresent()) {
                return Transition.refused("No offer of " + amount + " over " + term + " months can be made on application "
                        + common.id() + ": " + problem.get());
            }
            LocalDate firstDue = LocalDate.ofInstant(now, ZoneOffset.UTC).plusMonths(1);
            Offer offer = Offer.of(product, band, amount, term, firstDue);
            return Transition.moved(new Approved(common.touched(now), submission, offer, reasons, now, now.plus(OFFER_LIFETIME)));
        }

        @Override
        public Status status() {
            return Status.APPROVED;
        }

        public boolean hasExpiredAt(Instant now) {
            return !now.isBefore(offerExpiresAt);
        }

        /** Whether the bank offers less than was asked for. */
        public boolean isCounterOffer() {
            return offer.amount().compareTo(fields().amount()) < 0;
        }

        /** The customer takes the offer (the confirmation was asked outside the model); refused once it has expired. */
        public Transition<Accepted> accept(Instant now) {
            if (hasExpiredAt(now)) {
                return Transition.refused(expiredSentence());
            }
            return Transition.moved(new Accepted(common.touched(now), submission, offer, now));
        }

        @Override
        public String nextStep() {
            String less = isCounterOffer()
                    ? "The bank offers " + offer.amount() + ", less than the " + fields().amount() + " asked for. " : "";
            return less + "Show the customer the offer: the amount, the monthly installment, the number of installments,"
                    + " the APR, the total repayable and the fee kept back from the payout. If they want it, call"
                    + " accept_loan_offer, which asks the customer to confirm before the money is paid out. The offer expires on "
                    + when(offerExpiresAt) + ".";
        }

        String expiredSentence() {
            return "The offer on application " + id() + " expired on " + when(offerExpiresAt) + "; it can no longer be accepted.";
        }
    }

    /** No loan; the reasons are for the customer. */
    record Declined(Common common, Submission submission, List<String> reasons, Instant declinedAt) implements LoanApplication {
        public Declined {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a decline gives its reasons");
            }
            Objects.requireNonNull(declinedAt, "declinedAt");
        }

        @Override
        public Status status() {
            return Status.DECLINED;
        }

        @Override
        public String nextStep() {
            return "Tell the customer the application was declined and give them the reasons listed. This application cannot"
                    + " continue.";
        }
    }

    /** The customer accepted the offer; the bank is paying it out. */
    record Accepted(Common common, Submission submission, Offer offer, Instant acceptedAt) implements LoanApplication {
        public Accepted {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
        }

        @Override
        public Status status() {
            return Status.ACCEPTED;
        }

        /** The payout was posted: the loan is open. This cannot be refused; only a loan and a posting that exist lead here. */
        public Disbursed disbursed(String loanId, long transactionId, Instant now) {
            return new Disbursed(common.touched(now), submission, offer, acceptedAt, loanId, transactionId, now);
        }

        @Override
        public String nextStep() {
            return "The customer accepted the offer and the bank is paying " + offer.payout() + " into "
                    + fields().disbursementAccount() + "; call get_loan_application again later.";
        }
    }

    /** The loan was paid out: the application is done and the loan lives on under {@code loanId}. */
    record Disbursed(Common common, Submission submission, Offer offer, Instant acceptedAt, String loanId, long transactionId,
                     Instant disbursedAt) implements LoanApplication {
        public Disbursed {
            Objects.requireNonNull(common, "common").requireComplete();
            Objects.requireNonNull(submission, "submission");
            Objects.requireNonNull(offer, "offer");
            Objects.requireNonNull(acceptedAt, "acceptedAt");
            if (loanId == null || loanId.isBlank()) {
                throw new IllegalArgumentException("loanId is required");
            }
            if (transactionId <= 0) {
                throw new IllegalArgumentException("transactionId must be positive, got " + transactionId);
            }
            Objects.requireNonNull(disbursedAt, "disbursedAt");
        }

        @Override
        public Status status() {
            return Status.DISBURSED;
        }

        @Override
        public String nextStep() {
            Installment first = offer.schedule().installments().getFirst();
            return "The loan was paid out: " + offer.payout() + " into " + fields().disbursementAccount() + ". Tell the customer"
                    + " the first installment of " + first.payment() + " is due on " + first.dueDate() + ". Nothing more is"
                    + " needed for this application.";
        }
    }

    /** The customer withdrew the application before accepting an offer. */
    record Withdrawn(Common common, Status withdrawnFrom, Instant withdrawnAt) implements LoanApplication {
        public Withdrawn {
            Objects.requireNonNull(common, "common");
            if (withdrawnFrom != Status.DRAFT && withdrawnFrom != Status.SUBMITTED && withdrawnFrom != Status.REFERRED
                    && withdrawnFrom != Status.APPROVED) {
                throw new IllegalArgumentException("an application is withdrawn before an offer is accepted, not from " + withdrawnFrom);
            }
            Objects.requireNonNull(withdrawnAt, "withdrawnAt");
        }

        @Override
        public Status status() {
            return Status.WITHDRAWN;
        }

        @Override
        public String nextStep() {
            return "The application was withdrawn and cannot continue; if the customer still wants a loan, start a new application.";
        }
    }

    /** A draft left untouched for 30 days, or an offer not accepted within 14. */
    record Expired(Common common, Status expiredFrom, Instant expiredAt) implements LoanApplication {
        public Expired {
            Objects.requireNonNull(common, "common");
            if (expiredFrom != Status.DRAFT && expiredFrom != Status.APPROVED) {
                throw new IllegalArgumentException("only a draft or an offer expires, not " + expiredFrom);
            }
            Objects.requireNonNull(expiredAt, "expiredAt");
        }

        @Override
        public Status status() {
            return Status.EXPIRED;
        }

        @Override
        public String nextStep() {
            String what = expiredFrom == Status.DRAFT ? "The application" : "The offer";
            return what + " expired on " + when(expiredAt) + " and the application cannot continue; if the customer still"
                    + " wants a loan, start a new application.";
        }
    }

    // --- wording ----------------------------------------------------------------------------------------------------

    private static <S extends LoanApplication> Transition<S> refusedAsNotADraft(LoanApplication application, String verb) {
        return Transition.refused(notADraft(application, verb));
    }

    private static String notADraft(LoanApplication application, String verb) {
        return "Application " + application.id() + " " + standing(application) + "; only a draft can be " + verb + ".";
    }

    /** Where an application stands, as the end of "Application LA-… ". */
    private static String standing(LoanApplication application) {
        return switch (application) {
            case Draft d -> "is a draft";
            case Submitted s -> "has already been submitted";
            case Referred r -> "has already been submitted and is with a loan officer";
            case Approved a -> "has already been approved";
            case Declined d -> "was declined";
            case Accepted a -> "has already been accepted";
            case Disbursed d -> "has already been paid out";
            case Withdrawn w -> "was withdrawn";
            case Expired e -> "expired on " + when(e.expiredAt());
        };
    }

    private static String wireNames(List<LoanField> fields) {
        return fields.stream().map(LoanField::wireName).collect(Collectors.joining(", "));
    }
}
