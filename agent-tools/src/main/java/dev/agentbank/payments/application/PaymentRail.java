package dev.agentbank.payments.application;

/**
 * The provider's payment rail for payees at other banks ({@code POST /v1/payments}, {@code GET /v1/payments/{id}} in
 * docs/provider-openapi.yaml). Both calls are safe to repeat: a send carries the payment's own idempotency key, so
 * asking again after a timeout either replays the first answer or sends the payment now, never twice.
 */
public interface PaymentRail {
    /** Sends the payment, or replays what the provider did with it under the same key. */
    RailAnswer send(OutgoingPayment payment);

    /** What became of a payment the provider accepted earlier. */
    RailAnswer status(String providerPaymentId);
}
