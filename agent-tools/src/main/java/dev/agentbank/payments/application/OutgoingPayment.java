package dev.agentbank.payments.application;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.util.Objects;

/**
 * A payment as the provider is asked to make it. {@code idempotencyKey} is the payment's own id, the same on every
 * attempt, so the provider pays it once however often it is asked.
 *
 * @param creditorIban the payee's IBAN in electronic form (no spaces), already validated
 */
public record OutgoingPayment(String idempotencyKey, AccountNumber debtorAccount, String creditorName, String creditorIban,
                              Money amount, String reference) {
    public OutgoingPayment {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(debtorAccount, "debtorAccount");
        Objects.requireNonNull(creditorName, "creditorName");
        Objects.requireNonNull(creditorIban, "creditorIban");
        Objects.requireNonNull(amount, "amount");
        reference = reference == null ? "" : reference;
    }
}
