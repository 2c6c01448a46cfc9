package dev.agentbank.lending.application;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.ledger.application.Ledger;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.lending.jdbc.Loans;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanId;
import dev.agentbank.lending.model.Offer;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.jdbc.Transactions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import org.hibernate.SessionFactory;

/**
 * Pays out an accepted application, exactly once however often and however concurrently it is asked:
 * <ol>
 *   <li>one transaction opens the LOAN account (through the accounts context) and stores the loan, DISBURSING, with its
 *       schedule; {@code loan.application_id} is unique, so a racing twin's transaction fails, is retried, and finds the
 *       loan instead (its account rolls back with it);</li>
 *   <li>the DISBURSEMENT entry is posted by lending's own actor under the key {@code disburse-LA-…}: whoever asks, the
 *       ledger posts it once and replays it to everyone else;</li>
 *   <li>the loan turns ACTIVE with the entry's id.</li>
 * </ol>
 * A crash between the steps leaves a DISBURSING loan; the next call for the same application finishes it.
 */
public final class Disbursements {
    /** The actor every payout is posted under, so the idempotency key means the same whoever asks. */
    public static final Actor LENDING = Actor.of("system", "lending");

    private final Jdbc jdbc;
    private final Transactions transactions;
    private final Loans loans;
    private final AccountDirectory accounts;
    private final Ledger ledger;
    private final Clock clock;

    public Disbursements(Jdbc jdbc, SessionFactory sessionFactory, Loans loans, AccountDirectory accounts, Ledger ledger, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.transactions = new Transactions(sessionFactory);
        this.loans = Objects.requireNonNull(loans, "loans");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What became of a payout. */
    public sealed interface Outcome {
        /**
         * The loan is paid out. {@code transactionId} is the DISBURSEMENT entry (for {@code Accepted.disbursed});
         * {@code already} is true when an earlier call had paid it out.
         */
        record Disbursed(Loan loan, long transactionId, boolean already) implements Outcome {}

        /** The ledger refused the payout (for example the disbursement account was frozen); the loan waits, DISBURSING. */
        record Refused(LoanId loanId, String message) implements Outcome {}
    }

    /** The idempotency key of an application's payout. */
    public static IdempotencyKey keyFor(LoanApplication.Accepted accepted) {
        return new IdempotencyKey("disburse-" + accepted.common().id().value());
    }

    /**
     * Pays out {@code accepted}: principal onto a new LOAN account, principal less fee into the disbursement account, fee
     * to the bank's income. {@code actor} is who asked (audited with the account opening); the posting is LENDING's.
     */
    public Outcome disburse(Actor actor, LoanApplication.Accepted accepted) {
        LoanId id = LoanId.of(accepted.common().id());
        Optional<Long> done = jdbc.query("look up a loan", connection -> loans.disbursementEntry(connection, id));
        if (done.isPresent()) {
            return new Outcome.Disbursed(load(id), done.get(), true);
        }
        Loan loan = openOrFind(actor, accepted, id);
        Offer offer = accepted.offer();
        Commands.Disbursement payout = new Commands.Disbursement(loan.loanAccount(), loan.disbursementAccount(),
                offer.amount().amount(), offer.fee().amount(), offer.amount().currency(), "loan " + id, keyFor(accepted));
        return switch (ledger.post(LENDING, payout)) {
            case LedgerOutcome.Posted posted -> {
                jdbc.run("mark the loan paid out", connection ->
                        loans.markDisbursed(connection, id, posted.receipt().transactionId(), posted.receipt().postedAt()));
                yield new Outcome.Disbursed(load(id), posted.receipt().transactionId(), posted.replayed());
            }
            case LedgerOutcome.Rejected rejected -> new Outcome.Refused(id, rejected.message());
        };
    }

    /** The loan of this application, opening its account and storing it first when there is none yet. */
    private Loan openOrFind(Actor actor, LoanApplication.Accepted accepted, LoanId id) {
        long customerId = accepted.common().customerId();
        AccountNumber payoutAccount = accepted.common().fields().disbursementAccount();
        Account payout = accounts.find(payoutAccount)
                .filter(a -> a.customerId() != null && a.customerId() == customerId)
                .filter(a -> a.kind() == AccountKind.CHECKING && a.status() == AccountStatus.OPEN)
                .orElseThrow(() -> new InvalidRequest("The disbursement account " + payoutAccount
                        + " is not an open checking account of the customer; the loan was not paid out."));
        Offer offer = accepted.offer();
        if (!payout.currency().equals(offer.amount().currency())) {
            throw new InvalidRequest("The disbursement account " + payoutAccount + " holds " + payout.currency()
                    + ", not the loan's " + offer.amount().currency() + "; the loan was not paid out.");
        }
        return transactions.runRetryingDuplicates(session -> session.doReturningWork(existing ->
                loans.find(existing, id, false)).orElseGet(() -> {
            Account loanAccount = accounts.openLoanAccount(session, actor, customerId, offer.amount(), id.value());
            session.flush(); // the loan row refers to the account row
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
            Loan loan = Loan.of(id, accepted.common().id(), customerId, loanAccount.number(), payoutAccount, offer,
                    LocalDate.ofInstant(now, ZoneOffset.UTC), Loan.Status.DISBURSING);
            session.doWork(connection -> loans.insert(connection, loan, loanAccount.id(), now));
            return loan;
        }));
    }

    private Loan load(LoanId id) {
        return jdbc.query("read a loan", connection -> loans.find(connection, id, false)).orElseThrow();
    }
}
