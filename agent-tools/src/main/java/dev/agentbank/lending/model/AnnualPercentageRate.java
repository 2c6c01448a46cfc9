package dev.agentbank.lending.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

/**
 * The annual percentage rate of charge (APR) of the Consumer Credit Directive 2008/48/EC, Annex I: the one yearly
 * rate at which what the consumer receives equals what the consumer pays back, so fees count as well as interest.
 *
 * <p>Cash flows: the consumer receives {@code amount − fee} at {@code t = 0} (the fee is kept back from the payout)
 * and pays installment {@code k} at {@code t_k = k/12} years (Annex I's convention of equal months). The equation
 * {@code Σ payment_k · (1+APR)^(−k/12) = amount − fee} is solved for the monthly rate {@code i = (1+APR)^(1/12) − 1},
 * {@code Σ payment_k / (1+i)^k = amount − fee}, by Newton's method in {@link MathContext#DECIMAL128} (no floating
 * point), then {@code APR = (1+i)^12 − 1}. The disclosed figure is a percent rounded HALF_UP to one decimal, which
 * the Directive allows; the unrounded percent is kept for checks and records.
 *
 * @param unroundedPercent the APR in percent, as solved (for example 11.1213...)
 */
public record AnnualPercentageRate(BigDecimal unroundedPercent) {
    private static final MathContext MC = MathContext.DECIMAL128;
    /** Newton stops once a step is this small; the brief asks for 1e-12, convergence is quadratic so this costs a step. */
    private static final BigDecimal TOLERANCE = new BigDecimal("1e-15");
    private static final int MAX_STEPS = 100;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public AnnualPercentageRate {
        Objects.requireNonNull(unroundedPercent, "unroundedPercent");
    }

    /** The APR of lending {@code amount}, keeping back {@code fee} from the payout, repaid by {@code schedule}. */
    public static AnnualPercentageRate of(Money amount, Money fee, RepaymentSchedule schedule) {
        if (!schedule.principal().equals(amount)) {
            throw new IllegalArgumentException("the schedule repays " + schedule.principal() + ", not the amount " + amount);
        }
        if (fee.isNegative() || !amount.isGreaterThan(fee)) {
            throw new IllegalArgumentException("fee must be from zero to below the amount, got " + fee + " on " + amount);
        }
        List<BigDecimal> payments = schedule.installments().stream().map(i -> i.payment().amount()).toList();
        BigDecimal i = monthlyRate(amount.minus(fee).amount(), payments);
        BigDecimal annual = BigDecimal.ONE.add(i).pow(12, MC).subtract(BigDecimal.ONE, MC);
        return new AnnualPercentageRate(annual.multiply(HUNDRED, MC));
    }

    /** The disclosed APR: percent, rounded HALF_UP to one decimal. */
    public BigDecimal percent() {
        return unroundedPercent.setScale(1, RoundingMode.HALF_UP);
    }

    /**
     * The {@code i} with {@code Σ payments_k / (1+i)^k = net}. Starting at {@code i = 0} is safe: the principal parts
     * sum to the amount and interest is never negative, so the payments are at least the net and the root is at or
     * right of 0; the present value is decreasing and convex in {@code i}, so Newton's steps rise monotonically to it.
     */
    static BigDecimal monthlyRate(BigDecimal net, List<BigDecimal> payments) {
        BigDecimal i = BigDecimal.ZERO;
        for (int step = 0; step < MAX_STEPS; step++) {
            BigDecimal v = BigDecimal.ONE.divide(BigDecimal.ONE.add(i), MC);
            BigDecimal discount = BigDecimal.ONE;
            BigDecimal value = net.negate();
            BigDecimal slope = BigDecimal.ZERO;
            for (int k = 1; k <= payments.size(); k++) {
                discount = discount.multiply(v, MC);
                BigDecimal present = payments.get(k - 1).multiply(discount, MC);
                value = value.add(present, MC);
                // d/di of p·(1+i)^−k is −k·p·(1+i)^−(k+1)
                slope = slope.subtract(present.multiply(BigDecimal.valueOf(k), MC).multiply(v, MC), MC);
            }
            if (value.signum() == 0) {
                return i;
            }
            BigDecimal next = i.subtract(value.divide(slope, MC), MC);
            if (next.subtract(i).abs().compareTo(TOLERANCE) <= 0) {
                return next;
            }
            i = next;
        }
        throw new ArithmeticException("the APR did not converge in " + MAX_STEPS + " steps for net " + net.toPlainString());
    }
}
