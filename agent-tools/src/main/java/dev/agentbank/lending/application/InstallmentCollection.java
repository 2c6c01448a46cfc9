package dev.agentbank.lending.application;

import dev.agentbank.lending.jdbc.Loans;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanId;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.jdbc.Jdbc;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The due-date job ({@code loan-collection}): on or after an installment's due date it takes what is left of it from
 * the loan's disbursement account, oldest installment first, under the key {@code collect-LN-…-n}, so each
 * installment is collected at most once whoever runs the pass and however often. When funds are short the
 * installment turns OVERDUE and the loan's later installments wait; every later pass tries again.
 */
public final class InstallmentCollection {
    public static final Actor COLLECTOR = Actor.of("system", "loan-collection");
    private static final Logger log = LoggerFactory.getLogger(InstallmentCollection.class);

    private final Jdbc jdbc;
    private final Loans loans;
    private final Repayments repayments;
    private final Clock clock;

    public InstallmentCollection(Jdbc jdbc, Loans loans, Repayments repayments, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.loans = Objects.requireNonNull(loans, "loans");
        this.repayments = Objects.requireNonNull(repayments, "repayments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What one pass did. */
    public record Collected(int collected, int overdue) {}

    public static IdempotencyKey keyFor(LoanId loan, int installment) {
        return new IdempotencyKey("collect-" + loan.value() + "-" + installment);
    }

    /** One pass over every active loan with an installment due today or earlier. */
    public Collected collectDue() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<LoanId> due = jdbc.query("find loans with installments due", connection -> loans.withInstallmentsDue(connection, today));
        int collected = 0;
        int overdue = 0;
        for (LoanId id : due) {
            Collected pass = collect(id, today);
            collected += pass.collected();
            overdue += pass.overdue();
        }
        if (collected + overdue > 0) {
            log.debug("loan collection: {} installments collected, {} overdue", collected, overdue);
        }
        return new Collected(collected, overdue);
    }

    /** Collects one loan's due installments in order, stopping at the first one the account cannot pay. */
    private Collected collect(LoanId id, LocalDate today) {
        return jdbc.inTransaction("collect loan installments", connection -> {
            Loan loan = loans.find(connection, id, true).orElseThrow();
            int collected = 0;
            for (Loan.Row row : loan.collectibleOn(today)) {
                if (loan.status() != Loan.Status.ACTIVE) {
                    break; // the collection before paid the loan off
                }
                var outcome = repayments.applyLocked(connection, loan, loan.disbursementAccount(), row.left(), COLLECTOR,
                        keyFor(id, row.number()), Loans.Source.COLLECTION);
                switch (outcome) {
                    case Repayments.Outcome.Repaid repaid -> {
                        loan = repaid.loan();
                        collected++;
                    }
                    case Repayments.Outcome.Refused refused -> {
                        loans.save(connection, loan.overdue(row.number()), null);
                        return new Collected(collected, 1);
                    }
                    // the scheduled collection is the contract the customer accepted; it asks nobody
                    case Repayments.Outcome.NotConfirmed notAsked -> throw new IllegalStateException("a collection was asked to confirm");
                    case Repayments.Outcome.AwaitingConfirmation notAsked ->
                            throw new IllegalStateException("a collection was asked to confirm");
                }
            }
            return new Collected(collected, 0);
        });
    }
}
