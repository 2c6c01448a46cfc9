package dev.agentbank.lending.model;

import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the bank offers a customer: the amount, price and schedule, with every figure the Directive's pre-contract
 * information needs. An offer is built whole by {@link #of} and checks that its figures agree with its schedule,
 * so one read back from storage cannot disclose a payment or a total its schedule does not charge.
 *
 * @param monthlyInstallment the payment of every installment but the last (the last absorbs the rounding)
 * @param totalRepayable     the sum of all payments, the amount plus the total interest; the fee is not in it
 *                           because it is kept back from the payout (see {@link #payout})
 * @param aprPercent         the APR as disclosed: percent, one decimal ({@link AnnualPercentageRate#percent})
 */
public record Offer(String productCode, RiskBand band, Money amount, int termMonths, BigDecimal nominalRatePercent, Money fee,
                    Money monthlyInstallment, LocalDate firstDueDate, Money totalInterest, Money totalRepayable,
                    BigDecimal aprPercent, RepaymentSchedule schedule) {
    public Offer {
        Objects.requireNonNull(productCode, "productCode");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(nominalRatePercent, "nominalRatePercent");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(aprPercent, "aprPercent");
        Objects.requireNonNull(schedule, "schedule");
        requireAgrees("amount", amount, schedule.principal());
        requireAgrees("termMonths", termMonths, schedule.termMonths());
        requireAgrees("monthlyInstallment", monthlyInstallment, schedule.regularPayment());
        requireAgrees("firstDueDate", firstDueDate, schedule.installments().getFirst().dueDate());
        requireAgrees("totalInterest", totalInterest, schedule.totalInterest());
        requireAgrees("totalRepayable", totalRepayable, schedule.totalRepayable());
        if (fee.isNegative() || !amount.isGreaterThan(fee)) {
            throw new IllegalArgumentException("fee must be from zero to below the amount, got " + fee);
        }
    }

    /**
     * The offer for an amount and term under a product at a band's rate. The amount and term must be ones the product
     * allows: check {@link LoanProduct#amountProblem} and {@link LoanProduct#termProblem} first; this throws
     * {@link InvalidRequest} with the same sentence otherwise.
     */
    public static Offer of(LoanProduct product, RiskBand band, Money amount, int termMonths, LocalDate firstDueDate) {
        if (!amount.currency().equals(product.currency())) {
            throw new InvalidRequest("amount must be in " + product.currency().getCurrencyCode() + ", got " + amount + ".");
        }
        product.amountProblem(amount.amount()).or(() -> product.termProblem(termMonths)).ifPresent(problem -> {
            throw new InvalidRequest(problem);
        });
        BigDecimal rate = product.rate(band);
        Money fee = product.fee(amount);
        RepaymentSchedule schedule = RepaymentSchedule.annuity(amount, rate, termMonths, firstDueDate);
        AnnualPercentageRate apr = AnnualPercentageRate.of(amount, fee, schedule);
        return new Offer(product.code(), band, amount, termMonths, rate, fee, schedule.regularPayment(), firstDueDate,
                schedule.totalInterest(), schedule.totalRepayable(), apr.percent(), schedule);
    }

    /** What reaches the customer's account: the amount less the fee kept back. */
    public Money payout() {
        return amount.minus(fee);
    }

    /** What the credit costs the customer: interest and fee (the Directive's "total cost of the credit"). */
    public Money totalCostOfCredit() {
        return totalInterest.plus(fee);
    }

    private static void requireAgrees(String field, Object value, Object fromSchedule) {
        Objects.requireNonNull(value, field);
        if (!value.equals(fromSchedule)) {
            throw new IllegalArgumentException(field + " " + value + " does not agree with the schedule's " + fromSchedule);
        }
    }
}
