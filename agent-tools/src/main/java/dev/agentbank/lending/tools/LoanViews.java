package dev.agentbank.lending.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.tools.Views;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the loan tools return: amounts as exact decimal strings, dates as ISO dates (yyyy-mm-dd). */
public final class LoanViews {
    private LoanViews() {}

    /** How an installment stands today: PAID, OVERDUE (not paid and late), or DUE (not yet late). */
    public enum RowState { DUE, PAID, OVERDUE }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Installment(int number, String dueDate, String principal, String interest, String amount, String amountLeft,
                              RowState status, @JsonInclude(JsonInclude.Include.NON_NULL) Instant paidAt) {
        static Installment of(Loan.Row row, LocalDate today) {
            RowState state = row.isPaid() ? RowState.PAID : row.isOverdueOn(today) ? RowState.OVERDUE : RowState.DUE;
            return new Installment(row.number(), row.dueDate().toString(), Views.decimal(row.planned().principal()),
                    Views.decimal(row.planned().interest()), Views.decimal(row.planned().payment()), Views.decimal(row.left()),
                    state, row.paidAt());
        }
    }

    /**
     * One loan as of today: what is owed, what falls due next, what would settle it today, whether the customer is
     * behind, and the schedule.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LoanDetail(String loanId, String applicationId, long customerId, Loan.Status status, String currency,
                             String principal, String nominalRatePercent, int termMonths, String fee, String loanAccount,
                             String disbursementAccount, String disbursedOn, String asOf, String outstandingPrincipal,
                             String payoffToday, long daysPastDue, Loan.ArrearsState arrearsState, String amountOverdue,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Installment nextInstallment,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant closedAt,
                             String payoffRule, List<Installment> schedule) {
        static final String PAYOFF_RULE = "payoff_today = outstanding principal + unpaid interest of installments already due"
                + " + interest accrued daily (actual/365) on the outstanding principal since the last due date, rounded half-up to"
                + " the cent; installments not yet due charge no interest when paid off early.";

        public static LoanDetail of(Loan loan, LocalDate today) {
            Loan.Arrears arrears = loan.arrears(today);
            return new LoanDetail(loan.id().value(), loan.applicationId().value(), loan.customerId(), loan.status(),
                    loan.principal().currency().getCurrencyCode(), Views.decimal(loan.principal()),
                    loan.nominalRatePercent().stripTrailingZeros().toPlainString(), loan.termMonths(), Views.decimal(loan.fee()),
                    loan.loanAccount().value(), loan.disbursementAccount().value(), loan.disbursedOn().toString(), today.toString(),
                    Views.decimal(loan.outstandingPrincipal()), Views.decimal(loan.payoff(today)), arrears.daysPastDue(),
                    arrears.state(), Views.decimal(arrears.amountOverdue()),
                    loan.nextInstallment().map(row -> Installment.of(row, today)).orElse(null), loan.closedAt(), PAYOFF_RULE,
                    loan.rows().stream().map(row -> Installment.of(row, today)).toList());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LoanSummary(String loanId, Loan.Status status, String currency, String principal, String outstandingPrincipal,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String nextDueDate,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String nextAmount,
                              long daysPastDue, Loan.ArrearsState arrearsState) {
        public static LoanSummary of(Loan loan, LocalDate today) {
            var next = loan.nextInstallment();
            Loan.Arrears arrears = loan.arrears(today);
            return new LoanSummary(loan.id().value(), loan.status(), loan.principal().currency().getCurrencyCode(),
                    Views.decimal(loan.principal()), Views.decimal(loan.outstandingPrincipal()),
                    next.map(row -> row.dueDate().toString()).orElse(null), next.map(row -> Views.decimal(row.left())).orElse(null),
                    arrears.daysPastDue(), arrears.state());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LoanList(long customerId, List<LoanSummary> loans) {}

    /** A repayment posted (or found posted under the same key), how it split, and the loan afterwards. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Repayment(Status status, String message,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Long transactionId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String charged,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String principalPaid,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String interestPaid,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LoanDetail loan,
                            @JsonInclude(JsonInclude.Include.NON_NULL) String approvalId,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant approvalExpiresAt) {
        /** Posted now or earlier under the same key; or nothing posted, for want of the customer's confirmation. */
        public enum Status { POSTED, ALREADY_POSTED, NOT_CONFIRMED, AWAITING_APPROVAL }
    }
}
