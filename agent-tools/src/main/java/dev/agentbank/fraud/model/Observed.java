package dev.agentbank.fraud.model;

import java.util.Optional;

/**
 * A movement as fraud monitoring keeps it: the model's {@link Movement}, the customer it belongs to, what it was in
 * words for analysts, and the ids that lead back to the posting and the payment.
 */
public record Observed(Movement movement, long customerId, String description, Optional<Long> transactionId,
                       Optional<String> paymentId) {}
