package dev.agentbank.lending.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fields of a loan application as saved: each checked by {@link FieldRules} when it was given, null while it has
 * not been given. All nine are needed to submit. A field once given can be changed in a draft, not removed.
 * The record holds to what it can check without the product (amounts in one currency and not negative, the purpose,
 * the months employed); the amount and term are checked against the product when given and again at submission.
 */
public record LoanFields(Money amount, Integer termMonths, String purpose, Money monthlyNetIncome, Money monthlyHousingCost,
                         Money monthlyDebtPayments, EmploymentStatus employmentStatus, Integer monthsEmployed,
                         AccountNumber disbursementAccount) {

    private static final LoanFields EMPTY = new LoanFields(null, null, null, null, null, null, null, null, null);

    public LoanFields {
        List<Currency> currencies = Stream.of(amount, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments)
                .filter(m -> m != null).map(Money::currency).distinct().toList();
        if (currencies.size() > 1) {
            throw new IllegalArgumentException("the amounts of one application are in one currency, got " + currencies);
        }
        if (amount != null && !amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        if (termMonths != null && termMonths < 1) {
            throw new IllegalArgumentException("termMonths must be at least 1, got " + termMonths);
        }
        if (purpose != null) {
            holds(FieldRules.purpose(purpose), purpose);
        }
        if (monthlyNetIncome != null) {
            holds(FieldRules.monthlyAmount(LoanField.MONTHLY_NET_INCOME, monthlyNetIncome.amount(), monthlyNetIncome.currency()), monthlyNetIncome);
        }
        if (monthlyHousingCost != null) {
            holds(FieldRules.monthlyAmount(LoanField.MONTHLY_HOUSING_COST, monthlyHousingCost.amount(), monthlyHousingCost.currency()), monthlyHousingCost);
        }
        if (monthlyDebtPayments != null) {
            holds(FieldRules.monthlyAmount(LoanField.MONTHLY_DEBT_PAYMENTS, monthlyDebtPayments.amount(), monthlyDebtPayments.currency()), monthlyDebtPayments);
        }
        if (monthsEmployed != null) {
            holds(FieldRules.monthsEmployed(monthsEmployed), monthsEmployed);
        }
    }

    /** Nothing given yet: a new draft. */
    public static LoanFields empty() {
        return EMPTY;
    }

    /** These fields with every field the changes give replacing the saved one. */
    public LoanFields merge(LoanFields changes) {
        return new LoanFields(
                or(changes.amount, amount), or(changes.termMonths, termMonths), or(changes.purpose, purpose),
                or(changes.monthlyNetIncome, monthlyNetIncome), or(changes.monthlyHousingCost, monthlyHousingCost),
                or(changes.monthlyDebtPayments, monthlyDebtPayments), or(changes.employmentStatus, employmentStatus),
                or(changes.monthsEmployed, monthsEmployed), or(changes.disbursementAccount, disbursementAccount));
    }

    /** The fields not given yet, in the order of {@link LoanField}; all nine are required to submit. */
    public List<LoanField> missing() {
        Object[] values = values();
        List<LoanField> missing = new ArrayList<>();
        for (LoanField field : LoanField.values()) {
            if (values[field.ordinal()] == null) {
                missing.add(field);
            }
        }
        return List.copyOf(missing);
    }

    public boolean isComplete() {
        return missing().isEmpty();
    }

    /**
     * The saved amount and term checked against the product again, for submission: the product's range may have
     * changed since they were saved. Valid gives these fields back unchanged.
     */
    public FieldCheck<LoanFields> checkAgainst(LoanProduct product) {
        List<FieldCheck.Problem> problems = new ArrayList<>();
        if (amount != null) {
            if (!amount.currency().equals(product.currency())) {
                throw new IllegalArgumentException("the application is in " + amount.currency() + " but product " + product.code()
                        + " lends in " + product.currency());
            }
            if (FieldRules.amount(amount.amount(), product) instanceof FieldCheck.Invalid<?> invalid) {
                problems.addAll(invalid.problems());
            }
        }
        if (termMonths != null && FieldRules.termMonths(termMonths, product) instanceof FieldCheck.Invalid<?> invalid) {
            problems.addAll(invalid.problems());
        }
        return problems.isEmpty() ? new FieldCheck.Valid<>(this) : new FieldCheck.Invalid<>(problems);
    }

    private Object[] values() {
        return new Object[] {amount, termMonths, purpose, monthlyNetIncome, monthlyHousingCost, monthlyDebtPayments,
                employmentStatus, monthsEmployed, disbursementAccount};
    }

    private static <T> T or(T change, T saved) {
        return change != null ? change : saved;
    }

    private static void holds(FieldCheck<?> check, Object value) {
        if (!(check instanceof FieldCheck.Valid<?>(Object checked)) || !checked.equals(value)) {
            throw new IllegalArgumentException(check instanceof FieldCheck.Invalid<?> invalid ? invalid.sentence()
                    : "not in its checked form: " + value);
        }
    }
}
