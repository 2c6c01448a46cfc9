package dev.agentbank.lending.model;

import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * Everything underwriting looks at, gathered before the decision: what the applicant stated, what the ledger shows and
 * what the credit report says. It is stored with the decision, so replaying the same rules on it gives the same decision.
 * It checks itself at the edge where it is assembled, with messages naming the field.
 *
 * @param verifiedMonthlyIncome income the ledger shows arriving each month, in the currency of the request; rounded
 *                              down to cents here, so an average never counts a fraction of a cent that was not received
 * @param creditScore           from the credit report, 300 to 850
 * @param delinquencies         late or missed payments on the credit report (recorded; not scored by 2026-12-v1)
 * @param oldestAccountAgeDays  age of the customer's oldest account, in days
 */
public record UnderwritingInput(String productCode, Money requestedAmount, int termMonths, Money statedMonthlyNetIncome,
                                Money monthlyHousingCost, Money monthlyOtherDebtPayments, EmploymentStatus employmentStatus,
                                int monthsEmployed, BigDecimal verifiedMonthlyIncome, int creditScore, int delinquencies,
                                int oldestAccountAgeDays) {
    static final int LOWEST_SCORE = 300;
    static final int HIGHEST_SCORE = 850;

    public UnderwritingInput {
        if (productCode == null || productCode.isBlank()) {
            throw new InvalidRequest("productCode is required, for example personal-loan.");
        }
        require("requestedAmount", requestedAmount);
        if (!requestedAmount.isPositive()) {
            throw new InvalidRequest("requestedAmount must be positive, got " + requestedAmount + ".");
        }
        Currency currency = requestedAmount.currency();
        notNegative("statedMonthlyNetIncome", statedMonthlyNetIncome, currency);
        notNegative("monthlyHousingCost", monthlyHousingCost, currency);
        notNegative("monthlyOtherDebtPayments", monthlyOtherDebtPayments, currency);
        if (termMonths < 1) {
            throw new InvalidRequest("termMonths must be at least 1, got " + termMonths + ".");
        }
        if (employmentStatus == null) {
            throw new InvalidRequest("employmentStatus is required.");
        }
        notNegative("monthsEmployed", monthsEmployed);
        if (verifiedMonthlyIncome == null || verifiedMonthlyIncome.signum() < 0) {
            throw new InvalidRequest("verifiedMonthlyIncome must be zero or more.");
        }
        verifiedMonthlyIncome = verifiedMonthlyIncome.setScale(Money.scaleOf(currency), RoundingMode.DOWN);
        if (creditScore < LOWEST_SCORE || creditScore > HIGHEST_SCORE) {
            throw new InvalidRequest("creditScore must be from " + LOWEST_SCORE + " to " + HIGHEST_SCORE + ", got " + creditScore + ".");
        }
        notNegative("delinquencies", delinquencies);
        notNegative("oldestAccountAgeDays", oldestAccountAgeDays);
    }

    public Currency currency() {
        return requestedAmount.currency();
    }

    /** The verified income as money in the request's currency. */
    public Money verifiedIncome() {
        return new Money(verifiedMonthlyIncome, currency());
    }

    /** The income the rules count on: the lower of stated and verified, so neither optimism nor a gap in the data helps. */
    public Money countedIncome() {
        Money verified = verifiedIncome();
        return verified.compareTo(statedMonthlyNetIncome) < 0 ? verified : statedMonthlyNetIncome;
    }

    /** The same application asking for another amount, such as a counter-offer the customer accepts. */
    public UnderwritingInput withRequestedAmount(Money amount) {
        return new UnderwritingInput(productCode, amount, termMonths, statedMonthlyNetIncome, monthlyHousingCost,
                monthlyOtherDebtPayments, employmentStatus, monthsEmployed, verifiedMonthlyIncome, creditScore, delinquencies,
                oldestAccountAgeDays);
    }

    private static void require(String field, Object value) {
        if (value == null) {
            throw new InvalidRequest(field + " is required.");
        }
    }

    private static void notNegative(String field, Money value, Currency currency) {
        require(field, value);
        if (!value.currency().equals(currency)) {
            throw new InvalidRequest(field + " must be in " + currency.getCurrencyCode() + " like the requested amount, got " + value + ".");
        }
        if (value.isNegative()) {
            throw new InvalidRequest(field + " must be zero or more, got " + value + ".");
        }
    }

    private static void notNegative(String field, int value) {
        if (value < 0) {
            throw new InvalidRequest(field + " must be zero or more, got " + value + ".");
        }
    }
}
