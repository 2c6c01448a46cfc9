package dev.agentbank.lending.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.lending.LoanFixtures;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Loans on real PostgreSQL: payout exactly once, collection on due dates, overdue, repayment, payoff, ownership. */
class LoanLifecycleTest {
    private static final Instant START = Instant.parse("2027-01-10T09:00:00Z");
    private static final LocalDate FIRST_DUE = LocalDate.of(2027, 2, 10);
    private static final MutableClock clock = new MutableClock(START);
    private static TestBank bank;

    private long customer;
    private AccountNumber checking;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    @BeforeEach
    void newCustomer() {
        clock.set(START);
        customer = bank.customer();
        checking = bank.checking(customer, "0.00");
    }

    @AfterEach
    void booksStaySound() {
        assertThat(bank.runtime().invariants().violations()).isEmpty();
        // the loan book and the ledger agree: each paid-out loan's account holds minus the principal its schedule still owes
        assertThat(bank.queryLong("SELECT count(*) FROM loan l JOIN account a ON a.id = l.loan_account_id"
                + " WHERE l.status <> 'DISBURSING' AND a.balance_minor <> -(SELECT sum(principal_minor - principal_paid_minor)"
                + " FROM loan_installment i WHERE i.loan_id = l.id)")).isZero();
        // and the income account holds every fee and every interest part repaid
        assertThat(incomeMinor()).isEqualTo(bank.queryLong("SELECT (SELECT coalesce(sum(fee_minor), 0) FROM loan"
                + " WHERE status <> 'DISBURSING') + (SELECT coalesce(sum(interest_minor), 0) FROM loan_repayment)"));
    }

    private LoanApplication.Accepted accepted(String amount, int term) {
        return LoanFixtures.accepted(customer, checking, amount, term, FIRST_DUE, START);
    }

    private Disbursements.Outcome.Disbursed disburse(LoanApplication.Accepted accepted) {
        return (Disbursements.Outcome.Disbursed) bank.runtime().disbursements().disburse(bank.teller, accepted);
    }

    private Principal self() {
        return new Principal.CustomerPrincipal(customer);
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private long incomeMinor() {
        return bank.queryLong("SELECT coalesce(sum(p.amount_minor), 0) FROM posting p JOIN account a ON a.id = p.account_id"
                + " WHERE a.kind = 'INCOME'");
    }

    @Test
    void aPayoutIsOneDisbursementEntryPrincipalOnTheLoanAmountLessFeeToCheckingFeeToIncome() {
        long incomeBefore = incomeMinor();

        Disbursements.Outcome.Disbursed paid = disburse(accepted("10000.00", 12));

        Loan loan = paid.loan();
        assertThat(loan.status()).isEqualTo(Loan.Status.ACTIVE);
        assertThat(loan.id().value()).isEqualTo("LN-" + loan.applicationId().value().substring(3));
        assertThat(bank.balance(checking)).isEqualTo(eur("9900.00"));
        assertThat(bank.balance(loan.loanAccount())).isEqualTo(eur("-10000.00"));
        assertThat(incomeMinor() - incomeBefore).isEqualTo(10000);
        assertThat(bank.queryString("SELECT kind FROM journal_entry WHERE id = " + paid.transactionId())).isEqualTo("DISBURSEMENT");
        assertThat(bank.queryLong("SELECT count(*) FROM posting WHERE entry_id = " + paid.transactionId())).isEqualTo(3);
        assertThat(bank.queryLong("SELECT count(*) FROM loan_installment WHERE loan_id = '" + loan.id() + "'")).isEqualTo(12);
        assertThat(loan.outstandingPrincipal()).isEqualTo(eur("10000.00"));
    }

    @Test
    void concurrentAndRepeatedPayoutsOfOneApplicationPayOutExactlyOnce() throws Exception {
        LoanApplication.Accepted accepted = accepted("5000.00", 24);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Disbursements.Outcome>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return bank.runtime().disbursements().disburse(bank.teller, accepted);
                }));
            }
            go.countDown();
            List<Long> entries = new ArrayList<>();
            for (Future<Disbursements.Outcome> result : results) {
                entries.add(((Disbursements.Outcome.Disbursed) result.get()).transactionId());
            }
            assertThat(entries).containsOnly(entries.getFirst());
        } finally {
            pool.shutdownNow();
        }
        Disbursements.Outcome.Disbursed again = disburse(accepted);
        assertThat(again.already()).isTrue();

        assertThat(bank.balance(checking)).isEqualTo(eur("4950.00"));
        assertThat(bank.queryLong("SELECT count(*) FROM loan WHERE application_id = '" + accepted.common().id() + "'")).isEqualTo(1);
        assertThat(bank.queryLong("SELECT count(*) FROM account WHERE kind = 'LOAN' AND customer_id = " + customer)).isEqualTo(1);
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE kind = 'DISBURSEMENT' AND idempotency_key = 'disburse-"
                + accepted.common().id() + "'")).isEqualTo(1);
    }

    @Test
    void collectsEachInstallmentOnItsDueDateExactlyOnce() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        Loan.Row first = loan.rows().getFirst();
        InstallmentCollection collection = bank.runtime().installmentCollection();

        clock.set(Instant.parse("2027-02-09T23:00:00Z"));
        collection.collectDue();
        assertThat(bank.balance(checking)).isEqualTo(eur("9900.00"));

        clock.set(Instant.parse("2027-02-10T06:00:00Z"));
        collection.collectDue();
        collection.collectDue();

        assertThat(bank.balance(checking)).isEqualTo(eur("9900.00").minus(first.planned().payment()));
        Loan after = bank.runtime().loanBook().get(self(), loan.id().value());
        assertThat(after.rows().getFirst().status()).isEqualTo(Loan.RowStatus.PAID);
        assertThat(after.outstandingPrincipal()).isEqualTo(eur("10000.00").minus(first.planned().principal()));
        assertThat(bank.balance(loan.loanAccount())).isEqualTo(after.outstandingPrincipal().negate());
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key = 'collect-" + loan.id() + "-1'"))
                .isEqualTo(1);
        assertThat(after.nextInstallment().orElseThrow().number()).isEqualTo(2);
    }

    @Test
    void shortFundsLeaveTheInstallmentOverdueWithDaysPastDueUntilALaterPassCollectsIt() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        Money payment = loan.rows().getFirst().planned().payment();
        bank.withdraw(checking, "9900.00");
        InstallmentCollection collection = bank.runtime().installmentCollection();

        clock.set(Instant.parse("2027-02-10T06:00:00Z"));
        assertThat(collection.collectDue().overdue()).isPositive();
        clock.advance(Duration.ofDays(4));
        collection.collectDue();

        Loan late = bank.runtime().loanBook().get(self(), loan.id().value());
        LocalDate today = LocalDate.of(2027, 2, 14);
        assertThat(late.rows().getFirst().status()).isEqualTo(Loan.RowStatus.OVERDUE);
        assertThat(late.daysPastDue(today)).isEqualTo(4);
        assertThat(late.arrears(today).state()).isEqualTo(Loan.ArrearsState.IN_ARREARS);
        assertThat(late.arrears(today).amountOverdue()).isEqualTo(payment);

        bank.deposit(checking, "1000.00");
        clock.advance(Duration.ofDays(1));
        assertThat(collection.collectDue().collected()).isPositive();

        Loan current = bank.runtime().loanBook().get(self(), loan.id().value());
        assertThat(current.rows().getFirst().status()).isEqualTo(Loan.RowStatus.PAID);
        assertThat(current.arrears(today.plusDays(1)).state()).isEqualTo(Loan.ArrearsState.CURRENT);
        assertThat(bank.balance(checking)).isEqualTo(eur("1000.00").minus(payment));
    }

    @Test
    void payoffAccruesActual365AndAnEarlyPayoffClosesTheLoan() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        bank.deposit(checking, "500.00");
        clock.set(Instant.parse("2027-01-30T12:00:00Z"));

        // 20 days at 7.30 % on 10,000.00: 10,000 × 0.073 × 20 / 365 = 40.00
        assertThat(bank.runtime().loanBook().get(self(), loan.id().value()).payoff(LocalDate.of(2027, 1, 30)))
                .isEqualTo(eur("10040.00"));
        long incomeBefore = incomeMinor();

        Repayments.Outcome.Repaid repaid = (Repayments.Outcome.Repaid) bank.runtime().repayments()
                .repay(self(), loan.id().value(), checking.value(), eur("10400.00"), TestBank.newKey());

        assertThat(repaid.charged()).isEqualTo(eur("10040.00"));
        assertThat(repaid.principal()).isEqualTo(eur("10000.00"));
        assertThat(repaid.interest()).isEqualTo(eur("40.00"));
        assertThat(repaid.loan().status()).isEqualTo(Loan.Status.CLOSED);
        assertThat(bank.balance(checking)).isEqualTo(eur("360.00"));
        assertThat(bank.balance(loan.loanAccount())).isEqualTo(eur("0.00"));
        assertThat(incomeMinor() - incomeBefore).isEqualTo(4000);
        assertThat(bank.queryString("SELECT status FROM loan WHERE id = '" + loan.id() + "'")).isEqualTo("CLOSED");
        assertThat(bank.queryLong("SELECT count(*) FROM loan WHERE id = '" + loan.id() + "' AND closed_at IS NOT NULL")).isEqualTo(1);

        clock.set(Instant.parse("2027-03-10T06:00:00Z"));
        bank.runtime().installmentCollection().collectDue();
        assertThat(bank.queryLong("SELECT count(*) FROM journal_entry WHERE idempotency_key LIKE 'collect-" + loan.id() + "-%'"))
                .isZero();
        assertThat(bank.balance(checking)).isEqualTo(eur("360.00"));
        assertThatThrownBy(() -> bank.runtime().repayments().repay(self(), loan.id().value(), checking.value(), eur("1.00"),
                TestBank.newKey())).isInstanceOf(InvalidRequest.class).hasMessageContaining("closed");
    }

    @Test
    void aRepaymentRetriedUnderItsKeyIsNotPostedTwice() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        IdempotencyKey key = TestBank.newKey();
        Repayments repayments = bank.runtime().repayments();

        // before the first due date nothing is due: a part payment would pay interest not yet accrued, so it is refused
        assertThat(messageOf(() -> repayments.repay(self(), loan.id().value(), checking.value(), eur("100.00"), key)))
                .contains("installments are not paid before their due date", "Installment 1 of 866.65 EUR", "on 2027-02-10");
        clock.set(FIRST_DUE.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plus(Duration.ofHours(9)));
        var first = (Repayments.Outcome.Repaid) repayments.repay(self(), loan.id().value(), checking.value(), eur("100.00"), key);
        clock.advance(Duration.ofDays(3));
        var again = (Repayments.Outcome.Repaid) repayments.repay(self(), loan.id().value(), checking.value(), eur("100.00"), key);

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.transactionId()).isEqualTo(first.transactionId());
        assertThat(bank.balance(checking)).isEqualTo(eur("9800.00"));
        // a payment on the due date pays installment 1, its interest first
        assertThat(first.interest()).isEqualTo(loan.rows().getFirst().planned().interest());
    }

    @Test
    void anotherCustomersLoanAnswersExactlyLikeOneThatDoesNotExist() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        long stranger = bank.customer();
        AccountNumber strangersAccount = bank.checking(stranger, "500.00");
        Principal other = new Principal.CustomerPrincipal(stranger);

        String missing = "LN-" + "0".repeat(12);
        String forMissing = messageOf(() -> bank.runtime().loanBook().get(other, missing));
        String forOthers = messageOf(() -> bank.runtime().loanBook().get(other, loan.id().value()));
        assertThat(forOthers).isEqualTo(forMissing.replace(missing, loan.id().value()));
        assertThat(messageOf(() -> bank.runtime().repayments().repay(other, loan.id().value(), strangersAccount.value(),
                eur("10.00"), TestBank.newKey()))).isEqualTo(forOthers);
        assertThat(bank.runtime().loanBook().list(other, null).loans()).isEmpty();
        assertThat(bank.runtime().loanBook().list(new Principal.Staff(Role.TELLER, "tina"), customer).loans())
                .extracting(Loan::id).containsExactly(loan.id());
        // nor can one customer's account repay another's loan, even for staff
        assertThat(messageOf(() -> bank.runtime().repayments().repay(new Principal.Staff(Role.TELLER, "tina"), loan.id().value(),
                strangersAccount.value(), eur("10.00"), TestBank.newKey()))).contains("from_account");
        assertThat(bank.balance(strangersAccount)).isEqualTo(eur("500.00"));
    }

    @Test
    void aLoanAccountTakesNoPlainDepositWithdrawalOrTransfer() {
        Loan loan = disburse(accepted("10000.00", 12)).loan();

        LedgerOutcome transfer = bank.ledger().post(bank.teller, new Commands.Transfer(checking, loan.loanAccount(),
                new java.math.BigDecimal("10.00"), Optional.empty(), "sneak", TestBank.newKey()));
        LedgerOutcome withdrawal = bank.ledger().post(bank.teller, new Commands.Withdrawal(loan.loanAccount(),
                new java.math.BigDecimal("10.00"), Optional.empty(), "sneak", TestBank.newKey()));

        assertThat(transfer).isInstanceOfSatisfying(LedgerOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(LedgerOutcome.Reason.NOT_FOR_LOANS));
        assertThat(withdrawal).isInstanceOfSatisfying(LedgerOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(LedgerOutcome.Reason.NOT_FOR_LOANS));
        assertThat(bank.balance(loan.loanAccount())).isEqualTo(eur("-10000.00"));
    }

    @Test
    void theLoanCollectionJobOfTheRuntimeCollectsOnItsPass() throws Exception {
        Loan loan = disburse(accepted("10000.00", 12)).loan();
        var job = bank.runtime().loanCollection(Duration.ofMinutes(1));
        clock.set(Instant.parse("2027-02-10T00:00:01Z"));

        job.pass().run();

        assertThat(job.name()).isEqualTo("loan-collection");
        assertThat(bank.runtime().loanBook().get(self(), loan.id().value()).rows().getFirst().isPaid()).isTrue();
    }

    private static String messageOf(Runnable call) {
        try {
            call.run();
        } catch (InvalidRequest e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal");
    }
}
