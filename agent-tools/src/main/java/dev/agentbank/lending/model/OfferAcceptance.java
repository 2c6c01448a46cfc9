package dev.agentbank.lending.model;

import static dev.agentbank.lending.model.Wording.when;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.ConfirmationRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * What a customer is asked before a loan offer is accepted and paid out: every figure they commit to, as the bank will
 * book it. Asked through the session's human channel whatever the amount; a model's word never stands in for it.
 */
public record OfferAcceptance(ApplicationId applicationId, Offer offer, AccountNumber payoutAccount, Instant offerExpiresAt)
        implements ConfirmationRequest {

    public OfferAcceptance {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(offer, "offer");
        Objects.requireNonNull(payoutAccount, "payoutAccount");
        Objects.requireNonNull(offerExpiresAt, "offerExpiresAt");
    }

    /** The acceptance asked for an approved application's offer. */
    public static OfferAcceptance of(LoanApplication.Approved approved) {
        return new OfferAcceptance(approved.id(), approved.offer(), approved.fields().disbursementAccount(),
                approved.offerExpiresAt());
    }

    @Override
    public String subject() {
        return "loan offer acceptance";
    }

    @Override
    public String describe() {
        Installment last = offer.schedule().installments().getLast();
        return "Loan application: " + applicationId + "\n"
                + "You borrow: " + offer.amount() + " over " + offer.termMonths() + " months\n"
                + "Nominal rate: " + offer.nominalRatePercent().stripTrailingZeros().toPlainString() + " % a year (band " + offer.band() + ")\n"
                + "APR: " + offer.aprPercent().toPlainString() + " %\n"
                + "Arrangement fee: " + offer.fee() + ", kept back from the payout\n"
                + "Paid into " + payoutAccount + ": " + offer.payout() + "\n"
                + "Monthly installment: " + offer.monthlyInstallment() + ", first due " + offer.firstDueDate()
                + ", last (" + last.payment() + ") due " + last.dueDate() + "\n"
                + "Total interest: " + offer.totalInterest() + "\n"
                + "Total repayable: " + offer.totalRepayable() + "\n"
                + "Installments are collected from " + payoutAccount + " on their due dates.\n"
                + "The offer expires on " + when(offerExpiresAt) + ".";
    }
}
