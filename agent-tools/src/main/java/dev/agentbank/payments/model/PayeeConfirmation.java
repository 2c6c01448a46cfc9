package dev.agentbank.payments.model;

import dev.agentbank.identity.ConfirmationRequest;
import java.util.Objects;

/**
 * What a customer is asked before a payee is added: the name and the account exactly as they will be paid. Asked
 * whatever else the model said; the name is the customer's (or the model's) text, so it is quoted as data.
 */
public record PayeeConfirmation(PayeeName name, PayeeAccount account) implements ConfirmationRequest {
    public PayeeConfirmation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
    }

    @Override
    public String subject() {
        return "new payee";
    }

    @Override
    public String describe() {
        String where = switch (account) {
            case PayeeAccount.Internal internal -> "Account at this bank: " + internal.value();
            case PayeeAccount.External external -> "IBAN (another bank): " + external.printed();
        };
        return "Add a payee you can pay from now on\n"
                + "Name: \"" + name.value() + "\"\n"
                + where + "\n"
                + "Payments to this payee go to this account; check every character.";
    }
}
