package dev.agentbank.payments.application;

import java.time.Instant;
import java.util.Optional;

/** What the provider said about a payment, sorted into the only answers the bank acts on. */
public sealed interface RailAnswer {
    /** The money reached the payee's bank. */
    record Settled(String providerPaymentId, Instant settledAt) implements RailAnswer {}

    /** The provider holds the payment; it settles or is rejected later ({@link PaymentRail#status} tells). */
    record Accepted(String providerPaymentId) implements RailAnswer {}

    /**
     * Definitely not paid and never will be under this key: the money may go back to the customer.
     *
     * @param code   the provider's code, e.g. {@code account_closed}, {@code name_mismatch}
     * @param reason one sentence for the customer, e.g. "the payee's account is closed"
     */
    record Rejected(Optional<String> providerPaymentId, String code, String reason) implements RailAnswer {}

    /** No trustworthy answer (timeout, 5xx, broken connection, an answer off the contract): ask again later, same key. */
    record Unknown(String why) implements RailAnswer {}
}
