package dev.agentbank.lending.model;

import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An annuity: equal monthly payments, each paying the month's interest first and the rest off the principal.
 *
 * <p>Rounding rule, so that every figure is reproducible to the cent:
 * <ol>
 *   <li>monthly rate {@code r = annual% / 12 / 100}, each division in {@link MathContext#DECIMAL128};</li>
 *   <li>payment {@code = P·r / (1 − (1+r)^−n)} in DECIMAL128, then rounded HALF_UP to cents;
 *       for {@code r = 0} the payment is {@code P / n} rounded HALF_UP to cents;</li>
 *   <li>each month: interest {@code = outstanding·r} rounded HALF_UP to cents, principal {@code = payment − interest};</li>
 *   <li>the last installment absorbs every rounding difference: its principal is the whole outstanding balance
 *       and its payment is that principal plus its interest.</li>
 * </ol>
 * Hence the principal parts sum exactly to the amount lent. The price is a last payment that differs from the
 * others: each month's two roundings move the balance by at most one cent, compounded at {@code r}, so the difference
 * is at most {@code 0.01 · Σ_{j<n} (1+r)^j}. That is a few cents on short terms, but can pass a euro on 84 months
 * near 25 %.
 *
 * <p>Installment {@code k} falls due {@code k − 1} months after the first due date, on the same day of the month
 * and on the month's last day when the month is shorter ({@link LocalDate#plusMonths}).
 */
public record RepaymentSchedule(List<Installment> installments) {
    static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public RepaymentSchedule {
        installments = List.copyOf(installments);
        if (installments.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one installment");
        }
        for (int i = 0; i < installments.size(); i++) {
            Installment installment = installments.get(i);
            if (installment.number() != i + 1) {
                throw new IllegalArgumentException("installments must be numbered 1.." + installments.size() + " in order");
            }
            if (!installment.payment().currency().equals(installments.getFirst().payment().currency())) {
                throw new IllegalArgumentException("installments must share one currency");
            }
            if (i > 0 && !installment.dueDate().isAfter(installments.get(i - 1).dueDate())) {
                throw new IllegalArgumentException("installment " + installment.number() + " must fall due after the one before");
            }
        }
    }

    /** The annuity for an amount, a nominal annual rate in percent and a term, by the rounding rule above. */
    public static RepaymentSchedule annuity(Money amount, BigDecimal annualRatePercent, int termMonths, LocalDate firstDueDate) {
        Objects.requireNonNull(firstDueDate, "firstDueDate");
        BigDecimal r = monthlyRate(annualRatePercent);
        Money payment = annuityPayment(amount, annualRatePercent, termMonths);
        int scale = Money.scaleOf(amount.currency());
        List<Installment> installments = new ArrayList<>(termMonths);
        Money outstanding = amount;
        for (int k = 1; k <= termMonths; k++) {
            Money interest = new Money(outstanding.amount().multiply(r).setScale(scale, RoundingMode.HALF_UP), amount.currency());
            Money principal = k < termMonths ? payment.minus(interest) : outstanding;
            installments.add(new Installment(k, firstDueDate.plusMonths(k - 1), principal, interest, principal.plus(interest)));
            outstanding = outstanding.minus(principal);
        }
        return new RepaymentSchedule(installments);
    }

    /** The regular monthly payment of the annuity, rounded HALF_UP to cents (step 2 of the rule). */
    public static Money annuityPayment(Money amount, BigDecimal annualRatePercent, int termMonths) {
        Objects.requireNonNull(amount, "amount");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("amount must be positive, got " + amount);
        }
        if (termMonths < 1) {
            throw new IllegalArgumentException("termMonths must be at least 1, got " + termMonths);
        }
        BigDecimal r = monthlyRate(annualRatePercent);
        int scale = Money.scaleOf(amount.currency());
        BigDecimal p = amount.amount();
        BigDecimal exact = r.signum() == 0
                ? p.divide(BigDecimal.valueOf(termMonths), MC)
                : p.multiply(r, MC).divide(BigDecimal.ONE.subtract(BigDecimal.ONE.add(r).pow(-termMonths, MC), MC), MC);
        return new Money(exact.setScale(scale, RoundingMode.HALF_UP), amount.currency());
    }

    /** {@code annual% / 12 / 100} in DECIMAL128 (step 1 of the rule). */
    public static BigDecimal monthlyRate(BigDecimal annualRatePercent) {
        Objects.requireNonNull(annualRatePercent, "annualRatePercent");
        if (annualRatePercent.signum() < 0) {
            throw new IllegalArgumentException("annualRatePercent must not be negative, got " + annualRatePercent.toPlainString());
        }
        return annualRatePercent.divide(TWELVE, MC).divide(HUNDRED, MC);
    }

    public int termMonths() {
        return installments.size();
    }

    /** The amount lent: the sum of the principal parts. */
    public Money principal() {
        return installments.stream().map(Installment::principal).reduce(Money::plus).orElseThrow();
    }

    /** The payment of every installment but the last. */
    public Money regularPayment() {
        return installments.getFirst().payment();
    }

    public Installment last() {
        return installments.getLast();
    }

    public Money totalInterest() {
        return installments.stream().map(Installment::interest).reduce(Money::plus).orElseThrow();
    }

    /** Everything the borrower pays back: the amount lent plus the total interest. */
    public Money totalRepayable() {
        return installments.stream().map(Installment::payment).reduce(Money::plus).orElseThrow();
    }
}
