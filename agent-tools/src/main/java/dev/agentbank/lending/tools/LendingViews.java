package dev.agentbank.lending.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.lending.application.LoanApplicationsService;
import dev.agentbank.lending.application.OfferAcceptances;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanField;
import dev.agentbank.lending.model.LoanFields;
import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.Offer;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.shared.money.Money;
import dev.agentbank.tools.Views;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/** What the lending tools return. Small records with snake_case names, amounts as exact decimal strings. */
public final class LendingViews {
    private LendingViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record BandRate(String band, String nominalRatePercent) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Product(String code, String currency, String minAmount, String maxAmount, int minTermMonths,
                         int maxTermMonths, List<BandRate> nominalRates, String feePercent, String feeMinimum) {
        public static Product of(LoanProduct product) {
            return new Product(product.code(), product.currency().getCurrencyCode(), Views.decimal(product.min()),
                    Views.decimal(product.max()), product.minTermMonths(), product.maxTermMonths(),
                    Stream.of(RiskBand.values()).map(b -> new BandRate(b.name(), product.rate(b).toPlainString())).toList(),
                    product.feePercent().toPlainString(), product.feeMinimum().toPlainString());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ProductList(List<Product> products) {}

    /** The fields saved so far; a field not given yet is absent. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Fields(@JsonInclude(JsonInclude.Include.NON_NULL) String amount,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer termMonths,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String purpose,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String monthlyNetIncome,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String monthlyHousingCost,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String monthlyDebtPayments,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String employmentStatus,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Integer monthsEmployed,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String disbursementAccount,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String currency) {
        public static Fields of(LoanFields fields) {
            String currency = Stream.of(fields.amount(), fields.monthlyNetIncome(), fields.monthlyHousingCost(),
                            fields.monthlyDebtPayments()).filter(Objects::nonNull).findFirst()
                    .map(m -> m.currency().getCurrencyCode()).orElse(null);
            return new Fields(decimal(fields.amount()), fields.termMonths(), fields.purpose(), decimal(fields.monthlyNetIncome()),
                    decimal(fields.monthlyHousingCost()), decimal(fields.monthlyDebtPayments()),
                    fields.employmentStatus() == null ? null : fields.employmentStatus().name().toLowerCase(Locale.ROOT),
                    fields.monthsEmployed(),
                    fields.disbursementAccount() == null ? null : fields.disbursementAccount().value(), currency);
        }

        private static String decimal(Money money) {
            return money == null ? null : Views.decimal(money);
        }
    }

    /**
     * The bank's offer, every figure a customer needs before accepting (the EU pre-contract information): the amount,
     * the term, the nominal annual rate, the arrangement fee kept back from the payout, the monthly installment (the
     * last one absorbs the rounding), the first due date, the total interest and total repayable, the APR (fee
     * included), and when the offer expires. A counter-offer lends less than was asked for, and says why.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record OfferView(String amount, String currency, int termMonths, String riskBand, String nominalRatePercent,
                            String arrangementFee, String payout, String monthlyInstallment, int installments,
                            String lastInstallment, String firstDueDate, String totalInterest, String totalRepayable,
                            String aprPercent, Instant offeredAt, Instant expiresAt, boolean counterOffer,
                            String requestedAmount,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String counterOfferReason) {
        public static OfferView of(LoanApplication.Approved approved) {
            Offer offer = approved.offer();
            return new OfferView(Views.decimal(offer.amount()), offer.amount().currency().getCurrencyCode(), offer.termMonths(),
                    offer.band().name(), offer.nominalRatePercent().stripTrailingZeros().toPlainString(),
                    Views.decimal(offer.fee()), Views.decimal(offer.payout()), Views.decimal(offer.monthlyInstallment()),
                    offer.schedule().installments().size(), Views.decimal(offer.schedule().last().payment()),
                    offer.firstDueDate().toString(), Views.decimal(offer.totalInterest()), Views.decimal(offer.totalRepayable()),
                    offer.aprPercent().toPlainString(), approved.offeredAt(), approved.offerExpiresAt(),
                    approved.isCounterOffer(), Views.decimal(approved.fields().amount()),
                    approved.isCounterOffer() && !approved.reasons().isEmpty() ? String.join(" ", approved.reasons()) : null);
        }
    }

    /**
     * One application: where it stands, what is saved, what is missing and what to do next; once submitted, when and
     * through which channel the customer consented to the credit check; once decided, the decision: the offer when
     * approved, the reasons when declined (in plain words, as an adverse-action notice gives them), and why a loan
     * officer reviews it when referred. {@code reasons} holds those sentences, or an officer's reason for an approval.
     * {@code expires_at} is when a draft expires unless changed, or when an offer expires unless accepted. {@code loan_id}
     * names the loan once it is paid out.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Application(String applicationId, long customerId, String product, String status, Fields fields,
                              List<String> missingFields, String nextStep, Instant createdAt, Instant lastTouchedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant submittedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String consentChannel,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant decidedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<String> reasons,
                              @JsonInclude(JsonInclude.Include.NON_NULL) OfferView offer,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String loanId) {
        public static Application of(LoanApplication application) {
            Instant expiresAt = switch (application) {
                case LoanApplication.Draft draft -> draft.expiresAt();
                case LoanApplication.Approved approved -> approved.offerExpiresAt();
                default -> null;
            };
            LoanApplication.Submission submission = switch (application) {
                case LoanApplication.Submitted s -> s.submission();
                case LoanApplication.Referred r -> r.submission();
                case LoanApplication.Approved a -> a.submission();
                case LoanApplication.Declined d -> d.submission();
                case LoanApplication.Accepted a -> a.submission();
                case LoanApplication.Disbursed d -> d.submission();
                default -> null;
            };
            Instant decidedAt = switch (application) {
                case LoanApplication.Referred r -> r.referredAt();
                case LoanApplication.Approved a -> a.offeredAt();
                case LoanApplication.Declined d -> d.declinedAt();
                default -> null;
            };
            List<String> reasons = switch (application) {
                case LoanApplication.Referred r -> r.reasons();
                case LoanApplication.Approved a -> a.reasons();
                case LoanApplication.Declined d -> d.reasons();
                default -> null;
            };
            OfferView offer = application instanceof LoanApplication.Approved approved ? OfferView.of(approved) : null;
            return new Application(application.id().value(), application.customerId(), application.productCode(),
                    application.status().wireName(), Fields.of(application.fields()),
                    application.status() == LoanApplication.Status.DRAFT
                            ? application.missingFields().stream().map(LoanField::wireName).toList() : List.of(),
                    nextStep(application), application.createdAt(), application.lastTouchedAt(), expiresAt,
                    submission == null ? null : submission.submittedAt(),
                    submission == null ? null : submission.consent().channel(), decidedAt, reasons, offer,
                    application instanceof LoanApplication.Disbursed disbursed ? disbursed.loanId() : null);
        }

        /** The state's own next step, with the decision spelled out where the model must pass it on. */
        private static String nextStep(LoanApplication application) {
            return switch (application) {
                case LoanApplication.Declined declined -> "The application was declined. Tell the customer, in these words,"
                        + " the principal reasons listed in reasons: " + String.join(" ", declined.reasons())
                        + " This application cannot continue; the customer may apply again if their situation changes.";
                case LoanApplication.Referred referred -> "Underwriting referred the application to a loan officer, who will"
                        + " review it and approve or decline it. Tell the customer why, from reasons: "
                        + String.join(" ", referred.reasons()) + " Call get_loan_application again later.";
                default -> application.nextStep();
            };
        }
    }

    /**
     * What an accept call did. {@code confirmation} is {@code given} (now, or {@code given_earlier} on a retry), or why
     * there is none: {@code declined}, {@code cancelled}, {@code expired}, {@code unavailable}, or {@code awaiting_approval}
     * with the approval request's id and expiry. Once accepted, {@code loan_id} and {@code transaction_id} name the loan
     * and its payout; {@code payout_problem} says why a payout waits (the bank retries it).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Acceptance(String applicationId, String status, String confirmation, String nextStep,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String loanId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String payout,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String payoutAccount,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String monthlyInstallment,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String firstDueDate,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String payoutProblem,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        public static Acceptance of(OfferAcceptances.AcceptOutcome outcome) {
            LoanApplication application = outcome.application();
            String id = application.id().value();
            String status = application.status().wireName();
            return switch (outcome) {
                case OfferAcceptances.AcceptOutcome.PaidOut(LoanApplication.Disbursed paid, boolean replayed) -> new Acceptance(
                        id, status, replayed ? "given_earlier" : "given", (replayed ? "Already accepted earlier under this"
                        + " idempotency key; the customer was not asked again. " : "") + paid.nextStep() + " get_loan with"
                        + " loan_id shows the loan and its schedule.", paid.loanId(), paid.transactionId(),
                        Views.decimal(paid.offer().payout()), paid.fields().disbursementAccount().value(),
                        Views.decimal(paid.offer().monthlyInstallment()), paid.offer().firstDueDate().toString(), null, null, null);
                case OfferAcceptances.AcceptOutcome.PayoutWaiting(LoanApplication.Accepted accepted, String problem,
                                                                  boolean replayed) -> new Acceptance(
                        id, status, replayed ? "given_earlier" : "given", "The customer accepted the offer, but the payout"
                        + " could not be made yet: " + problem + " The bank retries it; call get_loan_application later.",
                        null, null, Views.decimal(accepted.offer().payout()), accepted.fields().disbursementAccount().value(),
                        Views.decimal(accepted.offer().monthlyInstallment()), accepted.offer().firstDueDate().toString(),
                        problem, null, null);
                case OfferAcceptances.AcceptOutcome.NotAccepted(LoanApplication app, OfferAcceptances.NoConfirmation reason) ->
                        new Acceptance(id, status, reason.name().toLowerCase(Locale.ROOT), reason.sentence(), null, null, null,
                                null, null, null, null, null, null);
                case OfferAcceptances.AcceptOutcome.AwaitingConfirmation(LoanApplication app, String approvalId,
                                                                         Instant expiresAt) -> new Acceptance(
                        id, status, "awaiting_approval", "This client cannot ask the customer directly, so their confirmation"
                        + " of the loan waits as approval request " + approvalId + " until " + expiresAt + "; nothing is"
                        + " accepted yet. Tell the customer it must be approved outside this conversation, at the bank's"
                        + " terminal with ./bank approvals approve " + approvalId + ". You cannot approve it. Once it is"
                        + " approved, call accept_loan_offer again with the same application_id and idempotency_key.",
                        null, null, null, null, null, null, null, approvalId, expiresAt);
            };
        }
    }

    /** A loan officer's queue: every referred application, oldest referral first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReferredList(List<Application> applications) {}

    /**
     * What a submit call did. {@code consent} is {@code given} (now, or {@code given_earlier} on a retry), or why there is
     * none: {@code declined}, {@code cancelled}, {@code expired} or {@code unavailable}; or {@code awaiting_approval}
     * with the approval request's id and expiry. Unless given, nothing was stored and the status is draft.
     * Underwriting runs right after a submission: when the credit bureau answered, the status is already the decision
     * (approved with {@code offer}, declined or referred with {@code reasons}); otherwise it stays submitted and the
     * bank decides later.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Submission(String applicationId, String status, String consent, String nextStep,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant submittedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String consentChannel,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant decidedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) List<String> reasons,
                             @JsonInclude(JsonInclude.Include.NON_NULL) OfferView offer,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        public static Submission of(LoanApplicationsService.SubmitOutcome outcome) {
            Application view = Application.of(outcome.application());
            return switch (outcome) {
                case LoanApplicationsService.SubmitOutcome.Submitted submitted -> new Submission(view.applicationId(),
                        view.status(), submitted.replayed() ? "given_earlier" : "given",
                        (submitted.replayed() ? "Already submitted earlier under this idempotency key; the customer was not"
                                + " asked again. " : "") + view.nextStep(), view.submittedAt(), view.consentChannel(),
                        view.decidedAt(), view.reasons(), view.offer(), null, null);
                case LoanApplicationsService.SubmitOutcome.NotConsented none -> new Submission(view.applicationId(),
                        view.status(), none.reason().name().toLowerCase(Locale.ROOT), none.reason().sentence(), null, null,
                        null, null, null, null, null);
                case LoanApplicationsService.SubmitOutcome.AwaitingConsent waiting -> new Submission(view.applicationId(),
                        view.status(), "awaiting_approval", awaitingStep(waiting), null, null, null, null, null,
                        waiting.approvalId(), waiting.expiresAt());
            };
        }

        private static String awaitingStep(LoanApplicationsService.SubmitOutcome.AwaitingConsent waiting) {
            return "This client cannot ask the customer directly, so their consent to the credit check waits as approval"
                    + " request " + waiting.approvalId() + " until " + waiting.expiresAt() + "; nothing is submitted yet."
                    + " Tell the customer it must be approved outside this conversation, at the bank's terminal with"
                    + " ./bank approvals approve " + waiting.approvalId() + ". You cannot approve it. Once it is approved,"
                    + " call submit_loan_application again with the same application_id and idempotency_key. If the"
                    + " application is changed first, the approval no longer counts.";
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApplicationList(long customerId, List<Application> applications) {}
}
