package dev.agentbank.lending.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import dev.agentbank.shared.text.PlainText;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What each field of a loan application may hold, checked on its own. Every refusal is one sentence that names the
 * field as the model sends it and says what is allowed, so the model can ask the customer again.
 * Whether the account belongs to the customer and can receive the money is not known here; the application service
 * checks that against the accounts it can see.
 */
public final class FieldRules {
    /** Monthly income and costs above this (in the product's currency) are typing errors, not finances to score. */
    public static final BigDecimal MONTHLY_CEILING = new BigDecimal("1000000");
    public static final int LONGEST_EMPLOYMENT_MONTHS = 720;
    public static final int LONGEST_PURPOSE = 200;

    private static final String STATUSES = Arrays.stream(EmploymentStatus.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    /** Longest raw text echoed back in a refusal; the rest of what was sent is not repeated. */
    private static final int ECHO = 40;

    private FieldRules() {}

    /** An amount the product lends, in its currency; the sentences are the product's own. */
    public static FieldCheck<Money> amount(BigDecimal amount, LoanProduct product) {
        Objects.requireNonNull(amount, "amount");
        int scale = Money.scaleOf(product.currency());
        if (amount.scale() > ECHO && amount.stripTrailingZeros().scale() > scale) {
            // The product would spell all of 1E-1000000 out; the product's sentence with the number cut short says the same.
            return new FieldCheck.Invalid<>(LoanField.AMOUNT,
                    "amount must have at most " + scale + " decimals, got " + shown(amount) + ".");
        }
        return product.amountProblem(amount).<FieldCheck<Money>>map(p -> new FieldCheck.Invalid<>(LoanField.AMOUNT, p))
                .orElseGet(() -> new FieldCheck.Valid<>(new Money(amount, product.currency())));
    }

    /** A term the product offers, in whole months. */
    public static FieldCheck<Integer> termMonths(int termMonths, LoanProduct product) {
        if (product.termProblem(termMonths).isPresent()) {
            return new FieldCheck.Invalid<>(LoanField.TERM_MONTHS, "term_months must be from " + product.minTermMonths() + " to "
                    + product.maxTermMonths() + " months, got " + termMonths + ".");
        }
        return new FieldCheck.Valid<>(termMonths);
    }

    /** A few words on what the loan is for: plain text on one line, 1 to 200 characters once trimmed. */
    public static FieldCheck<String> purpose(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        String text = purpose.strip();
        if (text.isEmpty()) {
            return new FieldCheck.Invalid<>(LoanField.PURPOSE,
                    "purpose must say in a few words what the loan is for, up to " + LONGEST_PURPOSE + " characters.");
        }
        if (PlainText.hasControlCharacters(text)) {
            return new FieldCheck.Invalid<>(LoanField.PURPOSE,
                    "purpose must be plain text on one line, without line breaks or control characters.");
        }
        int length = text.codePointCount(0, text.length());
        if (length > LONGEST_PURPOSE) {
            return new FieldCheck.Invalid<>(LoanField.PURPOSE,
                    "purpose must be at most " + LONGEST_PURPOSE + " characters, got " + length + ".");
        }
        return new FieldCheck.Valid<>(text);
    }

    /**
     * Income or a cost per month (monthly_net_income, monthly_housing_cost, monthly_debt_payments): zero or more, at
     * most {@link #MONTHLY_CEILING}, with no more decimals than the currency has.
     */
    public static FieldCheck<Money> monthlyAmount(LoanField field, BigDecimal amount, Currency currency) {
        if (field != LoanField.MONTHLY_NET_INCOME && field != LoanField.MONTHLY_HOUSING_COST
                && field != LoanField.MONTHLY_DEBT_PAYMENTS) {
            throw new IllegalArgumentException(field + " is not a monthly amount");
        }
        Objects.requireNonNull(amount, "amount");
        int scale = Money.scaleOf(currency);
        String name = field.wireName();
        if (amount.stripTrailingZeros().scale() > scale) {
            return new FieldCheck.Invalid<>(field, name + " must have at most " + scale + " decimals, got " + shown(amount) + ".");
        }
        if (amount.signum() < 0 || amount.compareTo(MONTHLY_CEILING) > 0) {
            Money zero = Money.zero(currency);
            Money ceiling = new Money(MONTHLY_CEILING, currency);
            return new FieldCheck.Invalid<>(field, name + " must be from " + zero.amount().toPlainString() + " to " + ceiling
                    + " a month, got " + shown(amount) + ".");
        }
        return new FieldCheck.Valid<>(new Money(amount, currency));
    }

    /** One of employed, self_employed, retired, student, unemployed; any case, and "self-employed" or "self employed" too. */
    public static FieldCheck<EmploymentStatus> employmentStatus(String text) {
        Objects.requireNonNull(text, "employmentStatus");
        String key = text.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (EmploymentStatus status : EmploymentStatus.values()) {
            if (status.name().equals(key)) {
                return new FieldCheck.Valid<>(status);
            }
        }
        return new FieldCheck.Invalid<>(LoanField.EMPLOYMENT_STATUS,
                "employment_status must be one of " + STATUSES + "; got \"" + PlainText.oneLine(text, ECHO) + "\".");
    }

    /** How long the applicant has been in their current work, in whole months: 0 to 720 (sixty years). */
    public static FieldCheck<Integer> monthsEmployed(int months) {
        if (months < 0 || months > LONGEST_EMPLOYMENT_MONTHS) {
            return new FieldCheck.Invalid<>(LoanField.MONTHS_EMPLOYED,
                    "months_employed must be a whole number from 0 to " + LONGEST_EMPLOYMENT_MONTHS + ", got " + months + ".");
        }
        return new FieldCheck.Valid<>(months);
    }

    /** The number of the account to pay the loan into, well formed; whose it is and what kind is checked later. */
    public static FieldCheck<AccountNumber> disbursementAccount(String text) {
        Objects.requireNonNull(text, "disbursementAccount");
        return AccountNumber.parse(text).<FieldCheck<AccountNumber>>map(FieldCheck.Valid::new)
                .orElseGet(() -> new FieldCheck.Invalid<>(LoanField.DISBURSEMENT_ACCOUNT,
                        "disbursement_account must be one of the customer's account numbers, AB and ten digits with valid check digits; got \""
                                + PlainText.oneLine(text, ECHO) + "\"."));
    }

    /** A number as the customer would recognise it, cut short when it is absurdly long. */
    private static String shown(BigDecimal amount) {
        String text = Math.abs(amount.scale()) > ECHO ? amount.toString() : amount.toPlainString();
        return PlainText.clip(text, ECHO);
    }
}
