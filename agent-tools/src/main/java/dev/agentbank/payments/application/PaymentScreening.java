package dev.agentbank.payments.application;

import dev.agentbank.identity.CallContext;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Fraud screening of a payment about to leave, asked synchronously right before its debit is posted (after any human
 * confirmation, once per fresh attempt, never for a replay). A payment it holds waits in the clearing account for an
 * analyst ({@link HeldPayments}). The fraud context implements it; payments only asks.
 */
@FunctionalInterface
public interface PaymentScreening {
    /** Lets every payment through, with nothing to tell. */
    PaymentScreening NONE = request -> Screening.PASS;

    Screening screen(ScreeningRequest request);

    /**
     * What the fraud context needs to judge one payment, as values.
     *
     * @param context      where the call came from; null when no tool call made it
     * @param confirmation how a human confirmed it, when one was asked
     * @param at           when the payment is about to be posted
     */
    record ScreeningRequest(long customerId, String fromAccount, Money amount, String payeeId, Instant payeeAddedAt,
                            boolean internalPayee, String paymentId, CallContext context,
                            Optional<HumanConfirmed> confirmation, Instant at) {
        public ScreeningRequest {
            Objects.requireNonNull(fromAccount, "fromAccount");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(payeeId, "payeeId");
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(at, "at");
            confirmation = Objects.requireNonNullElse(confirmation, Optional.empty());
        }
    }

    /** A human's confirmation: through which channel, when they were asked and when they answered. */
    record HumanConfirmed(String confirmedThrough, Instant askedAt, Instant answeredAt) {
        public HumanConfirmed {
            Objects.requireNonNull(confirmedThrough, "confirmedThrough");
            Objects.requireNonNull(askedAt, "askedAt");
            Objects.requireNonNull(answeredAt, "answeredAt");
        }
    }

    /**
     * The verdict: hold or not, and what led to it (score, hits), kept with the posting's audit row and event under
     * {@code screening}. Values must be what the audit log writes: strings, numbers (integers or BigDecimal), booleans,
     * lists and maps of them.
     */
    record Screening(boolean hold, Map<String, Object> details) {
        public static final Screening PASS = new Screening(false, Map.of());

        public Screening {
            details = Map.copyOf(Objects.requireNonNullElse(details, Map.of()));
        }
    }
}
