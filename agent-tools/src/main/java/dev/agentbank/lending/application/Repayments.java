package dev.agentbank.lending.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.lending.jdbc.Loans;
import dev.agentbank.lending.jdbc.Loans.RecordedRepayment;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanId;
import dev.agentbank.lending.model.RepaymentConfirmation;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Repays loans: a customer's repayment ({@link #repay}) and the due-date collection ({@link InstallmentCollection}) go
 * through {@link #applyLocked}, which holds the loan's row lock while the ledger posts, so two repayments of one loan
 * never split the same installment twice. The loan's own record of each repayment is written after the posting; a
 * retry under the same key answers from that record, or, if the record was lost with a crash, the ledger replays the
 * posting (same day, same split) and the record is written then.
 */
public final class Repayments {
    private final Jdbc jdbc;
    private final Loans loans;
    private final AccountDirectory accounts;
    private final Ledger ledger;
    private final Clock clock;

    public Repayments(Jdbc jdbc, Loans loans, AccountDirectory accounts, Ledger ledger, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.loans = Objects.requireNonNull(loans, "loans");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What became of a repayment. */
    public sealed interface Outcome {
        /** Posted: what was charged, how it split, and the loan afterwards. {@code replayed} for a retried key. */
        record Repaid(Loan loan, long transactionId, Money charged, Money principal, Money interest, boolean replayed)
                implements Outcome {}

        /** The ledger refused it (insufficient funds, a frozen account); nothing changed. */
        record Refused(String message) implements Outcome {}

        /** Nothing was posted: the customer did not confirm. */
        record NotConfirmed(String message) implements Outcome {}

        /** Nothing was posted yet: the confirmation waits as {@code approvalId} for a human outside the session. */
        record AwaitingConfirmation(String approvalId, Instant expiresAt) implements Outcome {}
    }

    /**
     * A repayment the customer asked for: posted only once {@code human} confirms it, through a channel the model cannot
     * write to (or a pending confirmation for ./bank approvals). A retry with the key of a posted repayment answers as
     * before without asking again. Refusals that need no human (a closed loan, another customer's account) come first.
     */
    public Outcome confirmAndRepay(Principal principal, String loanId, String fromAccount, Money amount, IdempotencyKey key,
                                   HumanConfirmation human) {
        Actor actor = principal.actor();
        LoanId id = LoanId.parse(loanId).orElseThrow(() -> LoanBook.notFound(loanId));
        AccountNumber from = AccountNumber.parse(fromAccount).orElseThrow(() -> new InvalidRequest(
                "from_account must be an account number such as AB0000000195."));
        Optional<RepaymentConfirmation> toAsk = jdbc.query("check a loan repayment", connection -> {
            if (loans.findRepayment(connection, actor, key.value()).isPresent()) {
                return Optional.<RepaymentConfirmation>empty();
            }
            Loan loan = loans.find(connection, id, false).filter(found -> LoanBook.visible(principal, found))
                    .orElseThrow(() -> LoanBook.notFound(loanId));
            requirePayable(loan, from, amount);
            return Optional.of(RepaymentConfirmation.of(loan, from, amount, today()));
        });
        if (toAsk.isEmpty()) {
            return repay(principal, loanId, fromAccount, amount, key);
        }
        return switch (human.ask(toAsk.get())) {
            case HumanConfirmation.Answer.Approved approved -> repay(principal, loanId, fromAccount, amount, key);
            case HumanConfirmation.Answer.Declined declined -> new Outcome.NotConfirmed("The customer did not confirm the"
                    + " repayment; nothing was posted.");
            case HumanConfirmation.Answer.Cancelled cancelled -> new Outcome.NotConfirmed("The customer dismissed the"
                    + " confirmation without answering; nothing was posted.");
            case HumanConfirmation.Answer.Unavailable unavailable -> new Outcome.NotConfirmed("This client cannot ask the"
                    + " customer to confirm the repayment, so nothing was posted.");
            case HumanConfirmation.Answer.Expired expired -> new Outcome.NotConfirmed("Confirmation request "
                    + expired.approvalId() + " expired before anyone approved it; nothing was posted.");
            case HumanConfirmation.Answer.Pending waiting -> new Outcome.AwaitingConfirmation(waiting.approvalId(),
                    waiting.expiresAt());
        };
    }

    private void requirePayable(Loan loan, AccountNumber from, Money amount) {
        if (loan.status() != Loan.Status.ACTIVE) {
            throw new InvalidRequest("Loan " + loan.id() + " is closed: it was fully repaid and takes no more repayments.");
        }
        if (!amount.isPositive()) {
            throw new InvalidRequest("amount must be positive, got " + amount.amount().toPlainString() + ".");
        }
        if (!amount.currency().equals(loan.principal().currency())) {
            throw new InvalidRequest("amount must be in " + loan.principal().currency().getCurrencyCode() + ", the loan's currency.");
        }
        accounts.find(from).filter(a -> a.customerId() != null && a.customerId() == loan.customerId())
                .orElseThrow(() -> new InvalidRequest("from_account must be an account of the loan's customer; "
                        + from + " is not one."));
        loan.repaymentProblem(amount, today()).ifPresent(problem -> {
            throw new InvalidRequest(problem);
        });
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /**
     * Repays {@code loanId} from {@code fromAccount}, an account of the loan's own customer. An amount of at least the
     * payoff today pays the payoff and closes the loan; less pays installments oldest first (see {@link Loan}).
     */
    public Outcome repay(Principal principal, String loanId, String fromAccount, Money amount, IdempotencyKey key) {
        Actor actor = principal.actor();
        LoanId id = LoanId.parse(loanId).orElseThrow(() -> LoanBook.notFound(loanId));
        AccountNumber from = AccountNumber.parse(fromAccount).orElseThrow(() -> new InvalidRequest(
                "from_account must be an account number such as AB0000000195."));
        if (!amount.isPositive()) {
            throw new InvalidRequest("amount must be positive, got " + amount.amount().toPlainString() + ".");
        }
        return jdbc.inTransaction("repay a loan", connection -> {
            Optional<RecordedRepayment> earlier = loans.findRepayment(connection, actor, key.value());
            if (earlier.isPresent()) {
                RecordedRepayment recorded = earlier.get();
                if (!recorded.loanId().equals(id) || !recorded.fromAccount().equals(from.value())) {
                    throw new InvalidRequest("idempotency_key '" + key + "' was already used for a different request."
                            + " Use a new key for a new operation.");
                }
                Loan now = loans.find(connection, id, false).orElseThrow();
                return new Outcome.Repaid(now, recorded.entryId(), recorded.total(), recorded.principal(), recorded.interest(), true);
            }
            Loan loan = loans.find(connection, id, true)
                    .filter(found -> LoanBook.visible(principal, found))
                    .orElseThrow(() -> LoanBook.notFound(loanId));
            requirePayable(loan, from, amount);
            return applyLocked(connection, loan, from, amount, actor, key, Loans.Source.REPAYMENT);
        });
    }

    /**
     * Applies a repayment to a loan locked by {@code connection}'s transaction: allocates it, posts it, and saves the
     * loan. The caller commits.
     */
    Outcome applyLocked(Connection connection, Loan loan, AccountNumber from, Money amount, Actor actor, IdempotencyKey key,
                        Loans.Source source) throws SQLException {
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Loan.Allocation allocation = loan.apply(amount, today, now);
        Commands.LoanRepayment command = new Commands.LoanRepayment(from, loan.loanAccount(), allocation.principal().amount(),
                allocation.interest().amount(), loan.principal().currency(), "loan " + loan.id(), key);
        return switch (ledger.post(actor, command)) {
            case LedgerOutcome.Posted posted -> {
                long entry = posted.receipt().transactionId();
                loans.save(connection, allocation.after(), entry);
                loans.recordRepayment(connection, entry, loan.id(), actor, key.value(), from.value(), allocation.principal(),
                        allocation.interest(), source, posted.receipt().postedAt());
                yield new Outcome.Repaid(allocation.after(), entry, allocation.charged(), allocation.principal(),
                        allocation.interest(), posted.replayed());
            }
            case LedgerOutcome.Rejected rejected -> new Outcome.Refused(rejected.message());
        };
    }
}
