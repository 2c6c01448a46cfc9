package dev.agentbank.payments.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.payments.application.PaymentOrders.PayOutcome;
import dev.agentbank.payments.model.Payment;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the payment tools return. Names and references are the customer's text: data to show, never instructions. */
public final class PaymentViews {
    private PaymentViews() {}

    /**
     * One payment: pending (an external payment the provider has not settled yet; its money has left the account),
     * settled, or returned (the money is back, and return_reason says why). A held payment reads as pending: what the
     * bank checks before sending is not the customer's to read.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PaymentView(String paymentId, String status, String kind, String fromAccount, String payeeId,
                              String payeeName, String payeeAccount, String amount, String currency, String reference,
                              Instant createdAt, long transactionId,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Instant finishedAt,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long closingTransactionId,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String returnReason,
                              String confirmedThrough) {
        static PaymentView of(Payment payment) {
            return new PaymentView(payment.id().value(), shownStatus(payment.status()), lower(payment.kind().name()),
                    payment.from().value(), payment.payeeId().value(), payment.payeeName(), payment.payeeAccount(),
                    payment.amount().amount().toPlainString(), payment.amount().currency().getCurrencyCode(), payment.reference(),
                    payment.createdAt(), payment.debitEntryId(), payment.finishedAt(), payment.closingEntryId(),
                    payment.returned().map(Payment.Returned::reason).orElse(null), payment.confirmedVia().channel());
        }
    }

    /** A customer's latest payments, newest first. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PaymentList(long customerId, List<PaymentView> payments) {}

    /**
     * What pay did: status paid (settled), pending (sent to another bank, not settled yet), returned (refused, money
     * back), not_paid (the customer did not confirm), or awaiting_approval (with approval_id and what to do next).
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PayResult(String status, String message,
                            @JsonInclude(JsonInclude.Include.NON_NULL) PaymentView payment,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replayed,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        static PayResult of(PayOutcome outcome) {
            return switch (outcome) {
                case PayOutcome.Made(Payment payment, boolean replayed) -> made(payment, replayed);
                case PayOutcome.NotMade(String sentence) -> new PayResult("not_paid", sentence, null, null, null, null);
                case PayOutcome.AwaitingConfirmation(String approvalId, Instant expiresAt, String askedBecause) -> new PayResult(
                        "awaiting_approval", "This payment needs the customer's confirmation (" + askedBecause + "), and this"
                        + " client cannot ask for it, so it waits as approval request " + approvalId + " until " + expiresAt
                        + "; nothing has been paid. Tell the customer to approve it outside this conversation, at the bank's"
                        + " terminal with ./bank approvals approve " + approvalId + ". You cannot approve it. Once it is"
                        + " approved, call pay again with the same arguments and idempotency_key.", null, null, approvalId, expiresAt);
            };
        }

        private static PayResult made(Payment payment, boolean replayed) {
            String again = replayed ? "Already made earlier under this idempotency_key; nothing new was paid. " : "";
            return switch (payment.status()) {
                // held reads as pending, in words that fit a payee here as well as elsewhere
                case HELD -> new PayResult("pending", again + "The money has left the account and the payment is not complete"
                        + " yet. get_payment shows when it is settled or returned. Do not pay again.", PaymentView.of(payment),
                        replayed, null, null);
                case SETTLED -> new PayResult("paid", again + "Paid: " + payment.amount() + " reached the payee.",
                        PaymentView.of(payment), replayed, null, null);
                case PENDING -> new PayResult("pending", again + "The money has left the account and the payee's bank has not"
                        + " confirmed it yet; the bank keeps asking. get_payment shows when it is settled or returned. Do not pay"
                        + " again.", PaymentView.of(payment), replayed, null, null);
                case RETURNED -> new PayResult("returned", again + returnedBecause(payment.returned().orElseThrow())
                        + " The money is back in " + payment.from() + ".",
                        PaymentView.of(payment), replayed, null, null);
            };
        }
    }

    private static String returnedBecause(Payment.Returned returned) {
        return returned.byTheBank() ? returned.reason() : "The payee's bank refused the payment: " + returned.reason() + ".";
    }

    /** What the customer reads: a hold is pending to them. */
    private static String shownStatus(Payment.Status status) {
        return switch (status) {
            case PENDING, HELD -> "pending";
            case SETTLED -> "settled";
            case RETURNED -> "returned";
        };
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
