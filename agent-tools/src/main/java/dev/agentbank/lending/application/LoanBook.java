package dev.agentbank.lending.application;

import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.jdbc.Loans;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanId;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

/**
 * Reads the loan book for a caller. Another customer's loan, and a loan still being paid out, read exactly like one
 * that does not exist.
 */
public final class LoanBook {
    private final Jdbc jdbc;
    private final Loans loans;
    private final CustomerDirectory customers;
    private final Clock clock;

    public LoanBook(Jdbc jdbc, Loans loans, CustomerDirectory customers, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.loans = Objects.requireNonNull(loans, "loans");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The bank's date today, in UTC: due dates, days past due and accrued interest count in it. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    public Loan get(Principal principal, String loanId) {
        LoanId id = LoanId.parse(loanId).orElseThrow(() -> notFound(loanId));
        return jdbc.query("read a loan", connection -> loans.find(connection, id, false))
                .filter(loan -> visible(principal, loan))
                .orElseThrow(() -> notFound(loanId));
    }

    public record CustomerLoans(long customerId, List<Loan> loans) {}

    /** A customer's loans, newest first: the caller's own, or a named customer's for staff. */
    public CustomerLoans list(Principal principal, Long customerId) {
        long customer = customers.resolve(principal, customerId);
        return new CustomerLoans(customer, jdbc.query("list loans", connection -> loans.ofCustomer(connection, customer)).stream()
                .filter(loan -> visible(principal, loan)).toList());
    }

    static boolean visible(Principal principal, Loan loan) {
        return loan.status() != Loan.Status.DISBURSING && principal.canSee(loan.customerId());
    }

    static InvalidRequest notFound(String loanId) {
        String shown = loanId == null ? "" : loanId.strip();
        return new InvalidRequest("No loan " + (shown.length() > 20 ? shown.substring(0, 20) + "…" : shown)
                + " was found. Loan ids look like LN-7K3M9QX2B4TD; list_loans shows the customer's loans.");
    }
}
