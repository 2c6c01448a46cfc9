package dev.agentbank.app.demo;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.customers.Customer;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Currency;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two demo customers with checking and savings accounts and a little history, so a new user sees real
 * data at once. Seeded only into an empty bank, once, even when two processes start together.
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
            log.info("seeded demo data: two customers with checking and savings accounts");
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

    private void seed() {
        Customer ada = bank.customers().register(SEEDER, "Ada Lovelace", FIRST_EMAIL);
        Account adaChecking = open(ada, AccountKind.CHECKING, "500.00");
        Account adaSavings = open(ada, AccountKind.SAVINGS, "0.00");
        deposit(adaChecking, "4850.00", "Salary November", "ada-1");
        deposit(adaSavings, "12000.00", "Savings brought over", "ada-2");
        withdraw(adaChecking, "1150.00", "Rent", "ada-3");
        withdraw(adaChecking, "84.20", "Groceries", "ada-4");
        transfer(adaChecking, adaSavings, "400.00", "Monthly saving", "ada-5");
        withdraw(adaChecking, "39.99", "Phone bill", "ada-6");

        Customer grace = bank.customers().register(SEEDER, "Grace Hopper", "grace.hopper@demo.agentbank.dev");
        Account graceChecking = open(grace, AccountKind.CHECKING, "250.00");
        Account graceSavings = open(grace, AccountKind.SAVINGS, "0.00");
        deposit(graceChecking, "6200.00", "Salary November", "grace-1");
        deposit(graceSavings, "8000.00", "Savings brought over", "grace-2");
        withdraw(graceChecking, "1600.00", "Rent", "grace-3");
        transfer(graceChecking, graceSavings, "750.00", "Monthly saving", "grace-4");
        withdraw(graceChecking, "126.45", "Groceries", "grace-5");
    }

    private Account open(Customer customer, AccountKind kind, String overdraft) {
        return bank.accounts().open(SEEDER, customer.id(), kind, EUR, new Money(new BigDecimal(overdraft), EUR));
    }

    private void deposit(Account account, String amount, String reference, String key) {
        expectPosted(bank.ledger().post(SEEDER, new Commands.Deposit(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private void withdraw(Account account, String amount, String reference, String key) {
        expectPosted(bank.ledger().post(SEEDER, new Commands.Withdrawal(account.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private void transfer(Account from, Account to, String amount, String reference, String key) {
        expectPosted(bank.ledger().post(SEEDER, new Commands.Transfer(from.number(), to.number(), new BigDecimal(amount),
                Optional.of(EUR), reference, new IdempotencyKey("demo-" + key))));
    }

    private static void expectPosted(LedgerOutcome outcome) {
        if (outcome instanceof LedgerOutcome.Rejected rejected) {
            throw new IllegalStateException("demo seed rejected: " + rejected.message());
        }
    }
}
