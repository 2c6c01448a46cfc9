package dev.agentbank.app.demo;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.customers.Customer;
import dev.agentbank.identity.Principal;
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
 * Two demo customers with checking and savings accounts and four months of history, and a loan application in
 * progress, so a new user sees real data at once. Seeded only into an empty bank, once, even when two processes start together.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Actor SEEDER = Actor.of("system", "demo-seed");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final long SEED_LOCK = 0x6167656e7442L; // "agentB"
    static final String FIRST_EMAIL = "ada.lovelace@demo.agentbank.dev";

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
            log.info("seeded demo data: two customers with checking and savings accounts, and a loan application");
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
     * Four months of history, written at the times it happened so that underwriting sees real account age and income:
     * accounts opened 200 days ago, a salary on day 95, 65, 35 and 5 before today (three of them in the 90 days
     * underwriting reads), and the same bills each month. The months before the last spend what they earn, so the
     * balances today are those of the last month alone. Then, today, Ada's loan application, half filled in.
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
        Account graceChecking = open(past, grace, AccountKind.CHECKING, "250.00");
        Account graceSavings = open(past, grace, AccountKind.SAVINGS, "0.00");
        then.daysBefore(today, 199, 0);
        deposit(past, adaSavings, "10800.00", "Savings brought over", "ada-savings");
        deposit(past, graceSavings, "5750.00", "Savings brought over", "grace-savings");

        for (int month = 4; month >= 1; month--) {
            int payday = 5 + 30 * (month - 1);
            boolean last = month == 1;
            String m = "-" + month;
            then.daysBefore(today, payday, 0);
            deposit(past, adaChecking, "4850.00", "Salary", "ada-salary" + m);
            deposit(past, graceChecking, "6200.00", "Salary", "grace-salary" + m);
            then.daysBefore(today, payday - 1, 0);
            withdraw(past, adaChecking, "1150.00", "Rent", "ada-rent" + m);
            withdraw(past, graceChecking, "1600.00", "Rent", "grace-rent" + m);
            withdraw(past, adaChecking, last ? "84.20" : "3260.01", last ? "Groceries" : "Card payments", "ada-spend" + m);
            withdraw(past, graceChecking, last ? "126.45" : "3100.00", last ? "Groceries" : "Card payments", "grace-spend" + m);
            transfer(past, adaChecking, adaSavings, "400.00", "Monthly saving", "ada-saving" + m);
            transfer(past, graceChecking, graceSavings, "750.00", "Monthly saving", "grace-saving" + m);
            then.daysBefore(today, payday - 1, 30);
            withdraw(past, adaChecking, "39.99", "Phone bill", "ada-phone" + m);
            if (!last) {
                withdraw(past, graceChecking, "750.00", "Car and travel", "grace-travel" + m);
            }
        }

        // Started today, left half way: the amount, term, purpose and payout account, but none of the money questions.
        bank.loanApplications().start(new Principal.CustomerPrincipal(ada.id()), null, "personal-loan",
                new IdempotencyKey("demo-ada-loan"), FieldChanges.none().withAmount(new BigDecimal("8000.00"))
                        .withTermMonths(36).withPurpose("a used car").withDisbursementAccount(adaChecking.number().value()));
    }

    private static Account open(BankRuntime at, Customer customer, AccountKind kind, String overdraft) {
        return at.accounts().open(SEEDER, customer.id(), kind, EUR, new Money(new BigDecimal(overdraft), EUR));
    }

    private static void deposit(BankRuntime at, Account account, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Deposit(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private static void withdraw(BankRuntime at, Account account, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Withdrawal(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private static void transfer(BankRuntime at, Account from, Account to, String amount, String reference, String key) {
        expectPosted(at.ledger().post(SEEDER, new Commands.Transfer(from.number(), to.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private static void expectPosted(LedgerOutcome outcome) {
        if (outcome instanceof LedgerOutcome.Rejected rejected) {
            throw new IllegalStateException("demo seed rejected: " + rejected.message());
        }
    }
}
