package dev.agentbank.lending.model;

import dev.agentbank.identity.ConfirmationRequest;
import dev.agentbank.shared.text.PlainText;
import java.util.Objects;

/**
 * What a customer is asked before an application is submitted: consent to a credit check. It is asked through the
 * session's human channel (an MCP elicitation form or the chat terminal), never taken from what a model writes.
 * Everything the customer typed (the purpose) is quoted as data.
 */
public record CreditCheckConsent(ApplicationId applicationId, String productCode, LoanFields fields)
        implements ConfirmationRequest {
    /** How much account history the bank reads alongside the credit report. */
    public static final int HISTORY_DAYS = 90;

    public CreditCheckConsent {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(productCode, "productCode");
        Objects.requireNonNull(fields, "fields");
        if (!fields.isComplete()) {
            throw new IllegalArgumentException("consent is asked for a complete application, " + applicationId
                    + " is missing " + fields.missing());
        }
    }

    /** The consent asked for a draft about to be submitted. */
    public static CreditCheckConsent of(LoanApplication.Draft draft) {
        return new CreditCheckConsent(draft.id(), draft.productCode(), draft.fields());
    }

    @Override
    public String subject() {
        return "credit check consent";
    }

    @Override
    public String describe() {
        return "Loan application: " + applicationId + "\n"
                + "Product: " + productCode + "\n"
                + "Amount: " + fields.amount() + "\n"
                + "Term: " + fields.termMonths() + " months\n"
                + "Purpose: \"" + PlainText.printable(fields.purpose()) + "\"\n"
                + "The bank will ask the credit bureau for your credit report.\n"
                + "The bank will use the last " + HISTORY_DAYS + " days of your account history.\n"
                + "Nothing is borrowed yet: you will see any offer and decide on it separately.";
    }
}
