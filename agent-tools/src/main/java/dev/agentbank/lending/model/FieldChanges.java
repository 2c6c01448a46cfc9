package dev.agentbank.lending.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a caller asks to save in a draft, each field as it was given and not yet checked; null means "not given, keep
 * what is saved". Numbers arrive already as numbers (the tool parses the text), the rest as text, which
 * {@link #check} parses: employment_status in any case, disbursement_account with spaces.
 */
public record FieldChanges(BigDecimal amount, Integer termMonths, String purpose, BigDecimal monthlyNetIncome,
                           BigDecimal monthlyHousingCost, BigDecimal monthlyDebtPayments, String employmentStatus,
                           Integer monthsEmployed, String disbursementAccount) {

    private static final FieldChanges NONE = new FieldChanges(null, null, null, null, null, null, null, null, null);

    /** No changes; add them with the {@code with…} methods. */
    public static FieldChanges none() {
        return NONE;
    }

    public FieldChanges withAmount(BigDecimal value) {
        return new FieldChanges(value, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withTermMonths(Integer value) {
        return new FieldChanges(amount, value, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withPurpose(String value) {
        return new FieldChanges(amount, termMonths, value, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withMonthlyNetIncome(BigDecimal value) {
        return new FieldChanges(amount, termMonths, purpose, value, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withMonthlyHousingCost(BigDecimal value) {
        return new FieldChanges(amount, termMonths, purpose, monthlyNetIncome, value, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withMonthlyDebtPayments(BigDecimal value) {
        return new FieldChanges(amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, value,
                employmentStatus, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withEmploymentStatus(String value) {
        return new FieldChanges(amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                value, monthsEmployed, disbursementAccount);
    }

    public FieldChanges withMonthsEmployed(Integer value) {
        return new FieldChanges(amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, value, disbursementAccount);
    }

    public FieldChanges withDisbursementAccount(String value) {
        return new FieldChanges(amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, value);
    }

    /** The fields given, in the order of {@link LoanField}. */
    public List<LoanField> given() {
        List<LoanField> given = new ArrayList<>();
        Object[] values = {amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount};
        for (LoanField field : LoanField.values()) {
            if (values[field.ordinal()] != null) {
                given.add(field);
            }
        }
        return List.copyOf(given);
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /**
     * Checks every given field on its own against the product. All or nothing: valid gives the changes as
     * {@link LoanFields} (the fields not given stay null) to {@link LoanFields#merge} into the saved ones; invalid names
     * every bad field, in the order of {@link LoanField}, and nothing of it is to be saved.
     */
    public FieldCheck<LoanFields> check(LoanProduct product) {
        List<FieldCheck.Problem> problems = new ArrayList<>();
        var checkedAmount = amount == null ? null : keep(FieldRules.amount(amount, product), problems);
        var checkedTerm = termMonths == null ? null : keep(FieldRules.termMonths(termMonths, product), problems);
        var checkedPurpose = purpose == null ? null : keep(FieldRules.purpose(purpose), problems);
        var income = monthlyNetIncome == null ? null
                : keep(FieldRules.monthlyAmount(LoanField.MONTHLY_NET_INCOME, monthlyNetIncome, product.currency()), problems);
        var housing = monthlyHousingCost == null ? null
                : keep(FieldRules.monthlyAmount(LoanField.MONTHLY_HOUSING_COST, monthlyHousingCost, product.currency()), problems);
        var debts = monthlyDebtPayments == null ? null
                : keep(FieldRules.monthlyAmount(LoanField.MONTHLY_DEBT_PAYMENTS, monthlyDebtPayments, product.currency()), problems);
        var status = employmentStatus == null ? null : keep(FieldRules.employmentStatus(employmentStatus), problems);
        var months = monthsEmployed == null ? null : keep(FieldRules.monthsEmployed(monthsEmployed), problems);
        var account = disbursementAccount == null ? null : keep(FieldRules.disbursementAccount(disbursementAccount), problems);
        if (!problems.isEmpty()) {
            return new FieldCheck.Invalid<>(problems);
        }
        return new FieldCheck.Valid<>(new LoanFields(checkedAmount, checkedTerm, checkedPurpose, income, housing, debts, status,
                months, account));
    }

    private static <T> T keep(FieldCheck<T> check, List<FieldCheck.Problem> problems) {
        return switch (check) {
            case FieldCheck.Valid<T>(T value) -> value;
            case FieldCheck.Invalid<T> invalid -> {
                problems.addAll(invalid.problems());
                yield null;
            }
        };
    }
}
