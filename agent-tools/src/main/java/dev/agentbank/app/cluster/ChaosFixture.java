package dev.agentbank.app.cluster;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.customers.Customer;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * The customers a chaos run works with, made in-process on any database (fresh or shared): each has a checking and a
 * savings account with money on them, a payee at this bank (the next customer's checking) and one at another bank,
 * and a token; one teller token reverses transfers.
 */
record ChaosFixture(List<CustomerSide> customers, String tellerToken, Actor teller, long depositedMinor) {
    static final Currency EUR = Currency.getInstance("EUR");
    static final Actor SEEDER = Actor.of("system", "chaos-seed");
    /** A well-known valid test IBAN: payments to it go through the provider. */
    static final String EXTERNAL_IBAN = "DE89370400440532013000";
    static final BigDecimal CHECKING = new BigDecimal("2000.00");
    static final BigDecimal SAVINGS = new BigDecimal("1000.00");
    static final String OVERDRAFT = "200.00";

    record CustomerSide(long customerId, Actor actor, String token, String checking, String savings, String internalPayee,
                        String externalPayee) {}

    List<Long> customerIds() {
        return customers.stream().map(CustomerSide::customerId).toList();
    }

    static ChaosFixture create(BankRuntime bank, String run, int count) {
        List<Customer> people = new ArrayList<>();
        List<Account[]> accounts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Customer customer = bank.customers().register(SEEDER, "Chaos Customer " + i, "chaos-" + run + "-" + i + "@chaos.agentbank.dev");
            Account checking = bank.accounts().open(SEEDER, customer.id(), AccountKind.CHECKING, EUR, new Money(new BigDecimal(OVERDRAFT), EUR));
            Account savings = bank.accounts().open(SEEDER, customer.id(), AccountKind.SAVINGS, EUR, new Money(BigDecimal.ZERO.setScale(2), EUR));
            deposit(bank, checking, CHECKING, run + "-seed-c" + i);
            deposit(bank, savings, SAVINGS, run + "-seed-s" + i);
            people.add(customer);
            accounts.add(new Account[] {checking, savings});
        }
        List<CustomerSide> sides = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Principal principal = new Principal.CustomerPrincipal(people.get(i).id());
            HumanConfirmation yes = request -> new HumanConfirmation.Answer.Approved(principal.actor().id(), "chaos-seed");
            Account next = accounts.get((i + 1) % count)[0];
            String internal = payee(bank.payeeBook().add(principal, null, "Chaos Customer " + ((i + 1) % count + 1),
                    next.number().value(), new IdempotencyKey("chaos-" + run + "-payee-i" + i), yes));
            String external = payee(bank.payeeBook().add(principal, null, "Chaos Landlord", EXTERNAL_IBAN,
                    new IdempotencyKey("chaos-" + run + "-payee-x" + i), yes));
            String token = bank.tokens().create(SEEDER, principal, Optional.empty()).token();
            sides.add(new CustomerSide(people.get(i).id(), principal.actor(), token, accounts.get(i)[0].number().value(),
                    accounts.get(i)[1].number().value(), internal, external));
        }
        Principal teller = new Principal.Staff(Role.TELLER, "chaos-" + run);
        String tellerToken = bank.tokens().create(SEEDER, teller, Optional.empty()).token();
        long deposited = CHECKING.add(SAVINGS).movePointRight(2).longValueExact() * count;
        return new ChaosFixture(List.copyOf(sides), tellerToken, teller.actor(), deposited);
    }

    private static void deposit(BankRuntime bank, Account account, BigDecimal amount, String key) {
        LedgerOutcome outcome = bank.ledger().post(SEEDER, new Commands.Deposit(account.number(), amount, Optional.of(EUR),
                "chaos opening balance", new IdempotencyKey("chaos-" + key)));
        if (outcome instanceof LedgerOutcome.Rejected rejected) {
            throw new IllegalStateException("the chaos fixture's deposit was rejected: " + rejected.message());
        }
    }

    private static String payee(PayeeBook.AddOutcome outcome) {
        if (outcome instanceof PayeeBook.AddOutcome.Added added) {
            return added.payee().id().value();
        }
        throw new IllegalStateException("the chaos fixture could not add a payee: " + outcome);
    }
}
