package dev.agentbank.lending.model;

import java.util.Locale;

/** The nine things a customer tells the bank in a loan application, by the names a model sends and reads. */
public enum LoanField {
    AMOUNT,
    TERM_MONTHS,
    PURPOSE,
    MONTHLY_NET_INCOME,
    MONTHLY_HOUSING_COST,
    MONTHLY_DEBT_PAYMENTS,
    EMPLOYMENT_STATUS,
    MONTHS_EMPLOYED,
    DISBURSEMENT_ACCOUNT;

    /** The name in tool arguments and views, such as {@code monthly_net_income}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
