package dev.agentbank.lending.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loan paid out for one accepted application: its terms, its schedule with what each installment has been paid, and
 * the figures a customer asks about on a given day. Plain values in, values out; no I/O.
 *
 * <p>Rules, stated once:
 * <ul>
 *   <li><b>Overdue.</b> An installment not fully paid is overdue once its due date is past, or on its due date when
 *       collection failed (status OVERDUE). Days past due count from the oldest overdue installment's due date.</li>
 *   <li><b>Payoff today</b> = outstanding principal + the unpaid interest of installments already due + interest accrued
 *       on the outstanding principal since the latest due date on or before today (or since the disbursement date when
 *       none has fallen due), simple daily interest actual/365:
 *       {@code outstanding × rate/100 × days / 365}, computed in DECIMAL128 and rounded HALF_UP to cents once.
 *       Interest of installments not yet due is not owed on an early payoff.</li>
 *   <li><b>A repayment</b> of at least the payoff pays the payoff exactly (never more) and closes the loan. A smaller one
 *       pays the installments in order, oldest first (so overdue before due before future ones), each its remaining
 *       interest first and then its remaining principal. Paying a future installment early pays it as scheduled.</li>
 *   <li><b>Closing.</b> A loan closes when every installment is paid, or on payoff.</li>
 * </ul>
 */
public record Loan(LoanId id, ApplicationId applicationId, long customerId, AccountNumber loanAccount,
                   AccountNumber disbursementAccount, Money principal, BigDecimal nominalRatePercent, Money fee,
                   LocalDate disbursedOn, Status status, Instant closedAt, List<Row> rows) {
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal DAYS_PER_YEAR = BigDecimal.valueOf(365);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public enum Status { DISBURSING, ACTIVE, CLOSED }

    public enum RowStatus { DUE, PAID, OVERDUE }

    /** Whether the customer is behind: CURRENT, or IN_ARREARS with the days past due. */
    public enum ArrearsState { CURRENT, IN_ARREARS }

    public record Arrears(ArrearsState state, long daysPastDue, Money amountOverdue) {}

    /**
     * One installment of the schedule and what has been paid of it. {@code status} is as stored: DUE until collection
     * fails (OVERDUE) or it is paid in full (PAID); {@link #isOverdueOn} also counts a DUE row whose date has passed.
     */
    public record Row(Installment planned, Money principalPaid, Money interestPaid, RowStatus status, Instant paidAt) {
        public Row {
            Objects.requireNonNull(planned, "planned");
            Objects.requireNonNull(principalPaid, "principalPaid");
            Objects.requireNonNull(interestPaid, "interestPaid");
            Objects.requireNonNull(status, "status");
            if (principalPaid.isNegative() || principalPaid.isGreaterThan(planned.principal())
                    || interestPaid.isNegative() || interestPaid.isGreaterThan(planned.interest())) {
                throw new IllegalArgumentException("installment " + planned.number() + " is paid outside its parts");
            }
            if ((status == RowStatus.PAID) != (paidAt != null)) {
                throw new IllegalArgumentException("installment " + planned.number() + ": paid_at goes with PAID");
            }
        }

        public static Row unpaid(Installment planned) {
            Money zero = Money.zero(planned.payment().currency());
            return new Row(planned, zero, zero, RowStatus.DUE, null);
        }

        public int number() {
            return planned.number();
        }

        public LocalDate dueDate() {
            return planned.dueDate();
        }

        public boolean isPaid() {
            return status == RowStatus.PAID;
        }

        public Money principalLeft() {
            return planned.principal().minus(principalPaid);
        }

        public Money interestLeft() {
            return planned.interest().minus(interestPaid);
        }

        public Money left() {
            return principalLeft().plus(interestLeft());
        }

        public boolean isOverdueOn(LocalDate today) {
            return !isPaid() && (status == RowStatus.OVERDUE || dueDate().isBefore(today));
        }

        /** This row after a payment of these parts on {@code at}. */
        Row paying(Money principal, Money interest, Instant at) {
            Money newPrincipal = principalPaid.plus(principal);
            Money newInterest = interestPaid.plus(interest);
            boolean full = newPrincipal.equals(planned.principal()) && newInterest.equals(planned.interest());
            return new Row(planned, newPrincipal, newInterest, full ? RowStatus.PAID : status, full ? at : null);
        }

        /** Settled by a payoff: the principal paid in full, interest only what the payoff charged. */
        Row settled(Money principal, Money interest, Instant at) {
            return new Row(planned, principalPaid.plus(principal), interestPaid.plus(interest), RowStatus.PAID, at);
        }

        Row overdue() {
            return isPaid() ? this : new Row(planned, principalPaid, interestPaid, RowStatus.OVERDUE, null);
        }
    }

    /** What a repayment pays on one installment. */
    public record Part(int installment, Money principal, Money interest) {}

    /**
     * How one repayment is applied: the parts per installment, the totals, and the loan afterwards.
     *
     * @param charged what the repayment takes from the payer: the amount offered, or the payoff when that is less
     */
    public record Allocation(Money charged, Money principal, Money interest, List<Part> parts, Loan after) {
        public boolean closes() {
            return after.status() == Status.CLOSED;
        }
    }

    public Loan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(loanAccount, "loanAccount");
        Objects.requireNonNull(disbursementAccount, "disbursementAccount");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(nominalRatePercent, "nominalRatePercent");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(disbursedOn, "disbursedOn");
        Objects.requireNonNull(status, "status");
        rows = List.copyOf(rows);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a loan has at least one installment");
        }
        if ((status == Status.CLOSED) != (closedAt != null)) {
            throw new IllegalArgumentException("closedAt goes with CLOSED");
        }
        Money planned = rows.stream().map(r -> r.planned().principal()).reduce(Money::plus).orElseThrow();
        if (!planned.equals(principal)) {
            throw new IllegalArgumentException("the schedule's principal parts sum to " + planned + ", not " + principal);
        }
    }

    /** A new loan for an accepted offer, nothing paid yet. */
    public static Loan of(LoanId id, ApplicationId applicationId, long customerId, AccountNumber loanAccount,
                          AccountNumber disbursementAccount, Offer offer, LocalDate disbursedOn, Status status) {
        return new Loan(id, applicationId, customerId, loanAccount, disbursementAccount, offer.amount(), offer.nominalRatePercent(),
                offer.fee(), disbursedOn, status, null, offer.schedule().installments().stream().map(Row::unpaid).toList());
    }

    public Money outstandingPrincipal() {
        return rows.stream().map(Row::principalLeft).reduce(Money::plus).orElseThrow();
    }

    public Optional<Row> nextInstallment() {
        return rows.stream().filter(r -> !r.isPaid()).findFirst();
    }

    public long daysPastDue(LocalDate today) {
        return rows.stream().filter(r -> r.isOverdueOn(today)).findFirst()
                .map(r -> Math.max(0, ChronoUnit.DAYS.between(r.dueDate(), today))).orElse(0L);
    }

    public Arrears arrears(LocalDate today) {
        Money overdue = rows.stream().filter(r -> r.isOverdueOn(today)).map(Row::left).reduce(Money::plus).orElse(zero());
        return overdue.isPositive()
                ? new Arrears(ArrearsState.IN_ARREARS, daysPastDue(today), overdue)
                : new Arrears(ArrearsState.CURRENT, 0, overdue);
    }

    /** The installments due on or before {@code today} and not yet paid, oldest first: what collection takes. */
    public List<Row> collectibleOn(LocalDate today) {
        return status == Status.ACTIVE
                ? rows.stream().filter(r -> !r.isPaid() && !r.dueDate().isAfter(today)).toList()
                : List.of();
    }

    /** The interest accrued since the latest due date on or before today (or the disbursement), actual/365. */
    public Money accruedInterest(LocalDate today) {
        LocalDate from = rows.stream().map(Row::dueDate).filter(d -> !d.isAfter(today)).reduce((a, b) -> b).orElse(disbursedOn);
        long days = Math.max(0, ChronoUnit.DAYS.between(from, today));
        BigDecimal exact = outstandingPrincipal().amount().multiply(nominalRatePercent, MC).divide(HUNDRED, MC)
                .multiply(BigDecimal.valueOf(days), MC).divide(DAYS_PER_YEAR, MC);
        return new Money(exact.setScale(Money.scaleOf(principal.currency()), RoundingMode.HALF_UP), principal.currency());
    }

    /** The unpaid interest of installments due on or before today: earned, so owed on payoff too. */
    public Money interestDue(LocalDate today) {
        return rows.stream().filter(r -> !r.dueDate().isAfter(today)).map(Row::interestLeft).reduce(Money::plus).orElse(zero());
    }

    /** What settles the loan today; zero once closed. */
    public Money payoff(LocalDate today) {
        if (status == Status.CLOSED) {
            return zero();
        }
        return outstandingPrincipal().plus(interestDue(today)).plus(accruedInterest(today));
    }

    /** What is owed now: every unpaid part of the installments due on or before {@code today}. */
    public Money dueOn(LocalDate today) {
        return collectibleOn(today).stream().map(Row::left).reduce(Money::plus).orElse(zero());
    }

    /**
     * Why a customer's repayment of {@code amount} is not taken today, or empty when it is: up to what is due now, or
     * at least the payoff. Paying an installment before its due date would pay its scheduled interest before it has
     * accrued, and a later payoff would charge the same days again, so it is not offered; the collection takes it
     * when it falls due.
     */
    public Optional<String> repaymentProblem(Money amount, LocalDate today) {
        Money due = dueOn(today);
        Money payoff = payoff(today);
        if (!amount.isGreaterThan(due) || !payoff.isGreaterThan(amount)) {
            return Optional.empty();
        }
        String next = nextInstallment().filter(row -> row.dueDate().isAfter(today))
                .map(row -> " Installment " + row.number() + " of " + row.left() + " is collected from " + disbursementAccount
                        + " on " + row.dueDate() + ".").orElse("");
        String now = due.isPositive() ? "what is due now, " + due + " (or less)," : "nothing now, since nothing is due yet,";
        return Optional.of("Loan " + id + " takes " + now + " or the payoff today, " + payoff + ", which closes it;"
                + " installments are not paid before their due date." + next);
    }

    /** The loan after collection of an installment failed on its due date (or later). */
    public Loan overdue(int installment) {
        return withRows(rows.stream().map(r -> r.number() == installment ? r.overdue() : r).toList(), status, closedAt);
    }

    /**
     * Applies a repayment of {@code amount} on {@code today} (see the class comment). The amount must be positive, in
     * the loan's currency, and the loan active.
     */
    public Allocation apply(Money amount, LocalDate today, Instant at) {
        if (status != Status.ACTIVE) {
            throw new IllegalStateException("loan " + id + " is " + status + " and takes no repayment");
        }
        if (!amount.isPositive() || !amount.currency().equals(principal.currency())) {
            throw new IllegalArgumentException("a repayment is a positive amount in " + principal.currency() + ", got " + amount);
        }
        Money payoff = payoff(today);
        if (!payoff.isGreaterThan(amount)) {
            return payOff(payoff, today, at);
        }
        List<Part> parts = new ArrayList<>();
        List<Row> after = new ArrayList<>();
        Money left = amount;
        for (Row row : rows) {
            if (row.isPaid() || !left.isPositive()) {
                after.add(row);
                continue;
            }
            Money interest = min(left, row.interestLeft());
            left = left.minus(interest);
            Money principalPart = min(left, row.principalLeft());
            left = left.minus(principalPart);
            if (interest.isPositive() || principalPart.isPositive()) {
                parts.add(new Part(row.number(), principalPart, interest));
            }
            after.add(row.paying(principalPart, interest, at));
        }
        boolean allPaid = after.stream().allMatch(Row::isPaid);
        Loan next = withRows(after, allPaid ? Status.CLOSED : status, allPaid ? at : null);
        return new Allocation(amount.minus(left), sum(parts, Part::principal), sum(parts, Part::interest), parts, next);
    }

    /** Settles everything: each unpaid installment's principal; interest due and accrued on the oldest unpaid ones. */
    private Allocation payOff(Money payoff, LocalDate today, Instant at) {
        Money interestToCharge = payoff.minus(outstandingPrincipal());
        List<Part> parts = new ArrayList<>();
        List<Row> after = new ArrayList<>();
        Money interestLeft = interestToCharge;
        for (Row row : rows) {
            if (row.isPaid()) {
                after.add(row);
                continue;
            }
            Money interest = min(interestLeft, row.interestLeft());
            interestLeft = interestLeft.minus(interest);
            parts.add(new Part(row.number(), row.principalLeft(), interest));
            after.add(row.settled(row.principalLeft(), interest, at));
        }
        if (interestLeft.isPositive()) {
            // accrued interest beyond what the schedule's remaining interest parts hold: book it on the last part
            Part last = parts.removeLast();
            parts.add(new Part(last.installment(), last.principal(), last.interest().plus(interestLeft)));
        }
        Loan closed = withRows(after, Status.CLOSED, at);
        return new Allocation(payoff, sum(parts, Part::principal), sum(parts, Part::interest), parts, closed);
    }

    private Loan withRows(List<Row> newRows, Status newStatus, Instant newClosedAt) {
        return new Loan(id, applicationId, customerId, loanAccount, disbursementAccount, principal, nominalRatePercent, fee,
                disbursedOn, newStatus, newClosedAt, newRows);
    }

    /** The loan as paid out, DISBURSING turned ACTIVE. */
    public Loan active() {
        return withRows(rows, Status.ACTIVE, null);
    }

    public LocalDate firstDueDate() {
        return rows.getFirst().dueDate();
    }

    public int termMonths() {
        return rows.size();
    }

    private Money zero() {
        return Money.zero(principal.currency());
    }

    private static Money min(Money a, Money b) {
        return a.isGreaterThan(b) ? b : a;
    }

    private Money sum(List<Part> parts, java.util.function.Function<Part, Money> part) {
        return parts.stream().map(part).reduce(Money::plus).orElse(zero());
    }
}
