package dev.agentbank.app.demo;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.customers.Customer;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.lending.application.OfferAcceptances;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.FieldChanges;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two demo customers with checking and savings accounts and months of history, a loan with an overdue installment
 * and a loan application in progress, so a new user sees real data at once. Seeded only into an empty bank, once, even when two processes start together.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Actor SEEDER = Actor.of("system", "demo-seed");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final long SEED_LOCK = 0x6167656e7442L; // "agentB"
    static final String FIRST_EMAIL = "ada.lovelace@demo.agentbank.dev";
    /** Ada's landlord banks elsewhere: a well-known valid test IBAN. */
    static final String LANDLORD_IBAN = "DE89370400440532013000";

    private final BankRuntime bank;

    public DemoData(BankRuntime bank) {
        this.bank = bank;
    }

    /** Seeds when the bank has no customers yet; returns whether it did. */
    public boolean seedIfEmpty() {
        // This transaction holds the lock while seed() commits its own on other connections; it ends, and lets go, after.
        return bank.database().jdbc().inTransaction("seed demo data", lockHolder -> {
            try (Statement statement = lockHolder.createStatement()) {
                statement.execute("select pg_advisory_xact_lock(" + SEED_LOCK + ")");
            }
            if (!bank.customers().list(1, 0).isEmpty()) {
                return false;
            }
            seed();
            log.info("seeded demo data: Ada and Grace with checking and savings accounts, a loan and a loan application;"
                    + " six more customers with a month of activity and the fraud alerts it raised");
            return true;
        });
    }

    /** The first demo customer, the default principal for stdio when no token is given. */
    public Optional<Long> firstCustomer() {
        return bank.database().jdbc().query("look up the demo customer", connection -> {
            try (PreparedStatement select = connection.prepareStatement("select min(id) from customer where email = ?")) {
                select.setString(1, FIRST_EMAIL);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    long id = rows.getLong(1);
                    return rows.wasNull() ? Optional.<Long>empty() : Optional.of(id);
                }
            }
        });
    }

    /**
     * Months of history, written at the times they happened so that underwriting sees real account age and income:
     * accounts opened 200 days ago; Ada paid on day 95, 65, 35 and 5 before today, Grace also on day 155 and 125; the
     * same bills each month. The months before the last spend what they earn, so today's balances are the last month's.
     * Fifty days ago Grace borrowed for a car; its first installment fell due about three weeks ago, and her checking
     * account cannot cover it, so it is overdue. Today Ada starts a loan application and leaves it half filled in. Ada has
     * two payees, confirmed when her accounts were opened: Grace, and her landlord at another bank.
     */
    private void seed() {
        Instant today = bank.clock().instant();
        DemoClock then = new DemoClock(today);
        BankRuntime past = bank.at(then);

        then.daysBefore(today, 200, 0);
        Customer ada = past.customers().register(SEEDER, "Ada Lovelace", FIRST_EMAIL);
        Account adaChecking = open(past, ada, AccountKind.CHECKING, "500.00");
        Account adaSavings = open(past, ada, AccountKind.SAVINGS, "0.00");
        Customer grace = past.customers().register(SEEDER, "Grace Hopper", "grace.hopper@demo.agentbank.dev");
        Account graceChecking = open(past, grace, AccountKind.CHECKING, "0.00");
        Account graceSavings = open(past, grace, AccountKind.SAVINGS, "0.00");
        then.daysBefore(today, 199, 0);
        deposit(past, adaSavings, "10800.00", "Savings brought over", "ada-savings");
        deposit(past, graceSavings, "4250.00", "Savings brought over", "grace-savings");

        // Ada's payees, confirmed long ago: Grace at this bank, and her landlord at another bank.
        Principal adaPrincipal = new Principal.CustomerPrincipal(ada.id());
        HumanConfirmation adaSaysYes = request -> new HumanConfirmation.Answer.Approved(adaPrincipal.actor().id(), "demo-seed");
        past.payeeBook().add(adaPrincipal, null, "Grace Hopper", graceChecking.number().value(),
                new IdempotencyKey("demo-ada-payee-grace"), adaSaysYes);
        past.payeeBook().add(adaPrincipal, null, "Landlord Ltd", LANDLORD_IBAN, new IdempotencyKey("demo-ada-payee-landlord"),
                adaSaysYes);

        for (int month = 6; month >= 1; month--) {
            int payday = 5 + 30 * (month - 1);
            boolean last = month == 1;
            boolean ada4 = month <= 4;
            String m = "-" + month;
            if (month == 2) {
                graceBorrowsForACar(today, then, past, grace, graceChecking);
            }
            then.daysBefore(today, payday, 0);
            if (ada4) {
                deposit(past, adaChecking, "4850.00", "Salary", "ada-salary" + m);
            }
            deposit(past, graceChecking, "6200.00", "Salary", "grace-salary" + m);
            then.daysBefore(today, payday - 1, 0);
            if (ada4) {
                withdraw(past, adaChecking, "1150.00", "Rent", "ada-rent" + m);
                withdraw(past, adaChecking, last ? "84.20" : "3260.01", last ? "Groceries" : "Card payments", "ada-spend" + m);
                transfer(past, adaChecking, adaSavings, "400.00", "Monthly saving", "ada-saving" + m);
            }
            withdraw(past, graceChecking, "1600.00", "Rent", "grace-rent" + m);
            withdraw(past, graceChecking, last ? "126.45" : "3100.00", last ? "Groceries" : "Card payments", "grace-spend" + m);
            transfer(past, graceChecking, graceSavings, "750.00", "Monthly saving", "grace-saving" + m);
            then.daysBefore(today, payday - 1, 30);
            if (ada4) {
                withdraw(past, adaChecking, "39.99", "Phone bill", "ada-phone" + m);
            }
            if (last) {
                transfer(past, graceChecking, graceSavings, "3600.00", "Holiday fund", "grace-holiday");
            } else {
                withdraw(past, graceChecking, "750.00", "Car and travel", "grace-travel" + m);
            }
        }

        new FraudDemo(bank, then, past, today).plant();

        // Started today, left half way: the amount, term, purpose and payout account, but none of the money questions.
        bank.loanApplications().start(new Principal.CustomerPrincipal(ada.id()), null, "personal-loan",
                new IdempotencyKey("demo-ada-loan"), FieldChanges.none().withAmount(new BigDecimal("8000.00"))
                        .withTermMonths(36).withPurpose("a used car").withDisbursementAccount(adaChecking.number().value()));
    }

    /**
     * Fifty days ago: Grace applies for 6,000.00 over 24 months, consents, is approved, accepts, and pays the car dealer
     * with the payout. Through the same services as a conversation, with her answers given here. A provider that
     * cannot give a credit report leaves her without a loan; the rest of the demo does not depend on it.
     */
    private static void graceBorrowsForACar(Instant today, DemoClock then, BankRuntime past, Customer grace, Account checking) {
        then.daysBefore(today, 50, 0);
        past.sandboxProvider().ifPresent(sandbox -> sandbox.setCreditProfile(grace.id(), 742, 0));
        Principal gracePrincipal = new Principal.CustomerPrincipal(grace.id());
        HumanConfirmation graceSaysYes = request -> new HumanConfirmation.Answer.Approved(gracePrincipal.actor().id(), "demo-seed");
        LoanApplication started = past.loanApplications().start(gracePrincipal, null, "personal-loan",
                new IdempotencyKey("demo-grace-loan"), FieldChanges.none().withAmount(new BigDecimal("6000.00"))
                        .withTermMonths(24).withPurpose("a car").withMonthlyNetIncome(new BigDecimal("6200.00"))
                        .withMonthlyHousingCost(new BigDecimal("1600.00")).withMonthlyDebtPayments(BigDecimal.ZERO)
                        .withEmploymentStatus("employed").withMonthsEmployed(75)
                        .withDisbursementAccount(checking.number().value()));
        LoanApplication decided = past.loanApplications().submit(gracePrincipal, started.id().value(),
                new IdempotencyKey("demo-grace-submit"), graceSaysYes).application();
        if (!(decided instanceof LoanApplication.Approved)) {
            log.warn("demo: Grace's loan application was {}, not approved; she has no loan", decided.status().wireName());
            return;
        }
        then.daysBefore(today, 50, 20);
        OfferAcceptances.AcceptOutcome accepted = past.offerAcceptances().accept(gracePrincipal, started.id().value(),
                new IdempotencyKey("demo-grace-accept"), graceSaysYes);
        if (accepted instanceof OfferAcceptances.AcceptOutcome.PaidOut(LoanApplication.Disbursed paid, boolean replayed)) {
            then.daysBefore(today, 49, 0);
            withdraw(past, checking, paid.offer().payout().amount().toPlainString(), "Car dealer", "grace-car");
        } else {
            log.warn("demo: Grace's loan was not paid out: {}", accepted);
        }
    }

    private static Account open(BankRuntime at, Customer customer, AccountKind kind, String overdraft) {
        return at.accounts().open(SEEDER, customer.id(), kind, EUR, new Money(new BigDecimal(overdraft), EUR));
    }

    static void deposit(BankRuntime at, Account account, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Deposit(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    static void withdraw(BankRuntime at, Account account, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Withdrawal(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    static void transfer(BankRuntime at, Account from, Account to, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Transfer(from.number(), to.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    static void expectPosted(LedgerOutcome outcome) {
        if (outcome instanceof LedgerOutcome.Rejected rejected) {
            throw new IllegalStateException("demo seed rejected: " + rejected.message());
        }
    }
}
