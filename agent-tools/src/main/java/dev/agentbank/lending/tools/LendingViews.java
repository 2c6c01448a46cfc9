package dev.agentbank.lending.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.lending.application.LoanApplicationsService;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanField;
import dev.agentbank.lending.model.LoanFields;
import dev.agentbank.lending.model.LoanProduct;
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
     * One application: where it stands, what is saved, what is missing and what to do next; once submitted, when and
     * through which channel the customer consented to the credit check.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Application(String applicationId, long customerId, String product, String status, Fields fields,
                              List<String> missingFields, String nextStep, Instant createdAt, Instant lastTouchedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant submittedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String consentChannel) {
        public static Application of(LoanApplication application) {
            Instant expiresAt = application instanceof LoanApplication.Draft draft ? draft.expiresAt() : null;
            LoanApplication.Submission submission = application instanceof LoanApplication.Submitted submitted
                    ? submitted.submission() : null;
            return new Application(application.id().value(), application.customerId(), application.productCode(),
                    application.status().wireName(), Fields.of(application.fields()),
                    application.status() == LoanApplication.Status.DRAFT
                            ? application.missingFields().stream().map(LoanField::wireName).toList() : List.of(),
                    application.nextStep(), application.createdAt(), application.lastTouchedAt(), expiresAt,
                    submission == null ? null : submission.submittedAt(),
                    submission == null ? null : submission.consent().channel());
        }
    }

    /**
     * What a submit call did. {@code consent} is {@code given} (now, or {@code given_earlier} on a retry), or why there is
     * none: {@code declined}, {@code cancelled}, {@code expired} or {@code unavailable}; or {@code awaiting_approval}
     * with the approval request's id and expiry. Unless given, nothing was stored and the status is draft.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Submission(String applicationId, String status, String consent, String nextStep,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant submittedAt,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String consentChannel,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        public Submission(String applicationId, String status, String consent, String nextStep, Instant submittedAt,
                          String consentChannel) {
            this(applicationId, status, consent, nextStep, submittedAt, consentChannel, null, null);
        }

        public static Submission of(LoanApplicationsService.SubmitOutcome outcome) {
            Application view = Application.of(outcome.application());
            return switch (outcome) {
                case LoanApplicationsService.SubmitOutcome.Submitted submitted -> new Submission(view.applicationId(),
                        view.status(), submitted.replayed() ? "given_earlier" : "given",
                        (submitted.replayed() ? "Already submitted earlier under this idempotency key; the customer was not"
                                + " asked again. " : "") + view.nextStep(), view.submittedAt(), view.consentChannel());
                case LoanApplicationsService.SubmitOutcome.NotConsented none -> new Submission(view.applicationId(),
                        view.status(), none.reason().name().toLowerCase(Locale.ROOT), none.reason().sentence(), null, null);
                case LoanApplicationsService.SubmitOutcome.AwaitingConsent waiting -> new Submission(view.applicationId(),
                        view.status(), "awaiting_approval", awaitingStep(waiting), null, null, waiting.approvalId(),
                        waiting.expiresAt());
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
