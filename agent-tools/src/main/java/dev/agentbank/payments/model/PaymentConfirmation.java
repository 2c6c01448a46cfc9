package dev.agentbank.payments.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.util.Objects;
import java.util.Optional;

/**
 * What a customer is asked before money goes to a payee: the amount, the account paid from, and the payee's name and
 * account exactly as paid, and why a human is asked at all. The text stays the same for the same payment, so a
 * pending confirmation approved outside the session is found again when the call is repeated.
 *
 * @param askedBecause   which limit asks: the amount, or a total moved without confirmation in the last 24 hours
 * @param idempotencyKey the asking call's key, which binds a stored approval to that call
 */
public record PaymentConfirmation(Money amount, AccountNumber from, Payee payee, String reference, String askedBecause,
                                  String idempotencyKey) implements ConfirmationRequest {
    public PaymentConfirmation {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(payee, "payee");
        Objects.requireNonNull(askedBecause, "askedBecause");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        reference = reference == null ? "" : reference;
    }

    /** An approval given outside the session pays this call's retry only, never a later payment that reads the same. */
    @Override
    public String binding() {
        return idempotencyKey;
    }

    @Override
    public String subject() {
        return "payment";
    }

    @Override
    public String describe() {
        String to = switch (payee.account()) {
            case PayeeAccount.Internal internal -> "account at this bank " + internal.value();
            case PayeeAccount.External external -> "IBAN " + external.printed();
        };
        return "Payment of " + amount.amount().toPlainString() + " " + amount.currency().getCurrencyCode() + "\n"
                + "From: " + from + "\n"
                + "To: \"" + payee.name().value() + "\", " + to + "\n"
                + "Reference: \"" + PlainText.printable(reference) + "\"\n"
                + "Why you are asked: " + askedBecause + ".";
    }

    /** The line saying the amount itself is above the threshold. */
    public static String aboveThreshold(Money threshold) {
        return "the amount is above " + threshold.amount().toPlainString() + " " + threshold.currency().getCurrencyCode()
                + ", the most that may move without you";
    }

    /** The line saying a total moved without a human would go above the threshold with this payment. */
    public static String totalAboveThreshold(String scope, Money threshold) {
        return scope + " would go above " + threshold.amount().toPlainString() + " " + threshold.currency().getCurrencyCode()
                + " with this payment";
    }

}
