package dev.agentbank.app.demo;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.customers.Customer;
import dev.agentbank.fraud.application.AlertDesk;
import dev.agentbank.fraud.model.Alert;
import dev.agentbank.fraud.model.Resolution;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * A month of other customers' activity with a few patterns planted, so the analysts' queue and charts show real
 * alerts on first start: a money mule, a burst of withdrawals, payments split under the confirmation threshold, a
 * dormant account waking, a payee added and paid in one agent session, and one payment held by screening. Older
 * alerts were worked by an analyst, so the charts have closed alerts and triage times too.
 */
final class FraudDemo {
    private static final Actor SEEDER = Actor.of("system", "demo-seed");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Principal ANALYST = new Principal.Staff(Role.ANALYST, "demo-analyst");

    private final BankRuntime bank;
    private final DemoClock then;
    private final BankRuntime past;
    private final Instant today;

    FraudDemo(BankRuntime bank, DemoClock then, BankRuntime past, Instant today) {
        this.bank = bank;
        this.then = then;
        this.past = past;
        this.today = today;
    }

    void plant() {
        then.daysBefore(today, 130, 0);
        Customer ivan = past.customers().register(SEEDER, "Ivan Petrov", "ivan.petrov@demo.agentbank.dev");
        Account ivanChecking = open(ivan, "0.00");
        Customer dora = past.customers().register(SEEDER, "Dora Ng", "dora.ng@demo.agentbank.dev");
        Account doraChecking = open(dora, "0.00");
        deposit(doraChecking, "3000.00", "Savings brought over", "dora-start");

        then.daysBefore(today, 60, 0);
        Customer vera = past.customers().register(SEEDER, "Vera Lind", "vera.lind@demo.agentbank.dev");
        Account veraChecking = open(vera, "0.00");
        deposit(veraChecking, "3800.00", "Salary", "vera-salary");
        Customer sam = past.customers().register(SEEDER, "Sam Ortiz", "sam.ortiz@demo.agentbank.dev");
        Account samChecking = open(sam, "0.00");
        deposit(samChecking, "900.00", "Salary", "sam-salary");
        Customer tom = past.customers().register(SEEDER, "Tom Reed", "tom.reed@demo.agentbank.dev");
        Account tomChecking = open(tom, "0.00");
        deposit(tomChecking, "1200.00", "Salary", "tom-salary");
        Customer nina = past.customers().register(SEEDER, "Nina Cole", "nina.cole@demo.agentbank.dev");
        Account ninaChecking = open(nina, "0.00");
        deposit(ninaChecking, "2500.00", "Salary", "nina-salary");

        // Everyday spending, so each account has a history of its own to be unusual against.
        String[] small = {"24.50", "31.80", "19.99", "42.10", "27.35", "38.00", "22.75", "35.60", "29.90", "41.25", "26.40", "33.15"};
        for (int i = 0; i < small.length; i++) {
            then.daysBefore(today, 55 - 4 * i, 600);
            withdraw(veraChecking, small[i], "Card payment", "vera-card-" + i);
            withdraw(samChecking, new BigDecimal(small[i]).divide(BigDecimal.valueOf(2)).setScale(2, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString(), "Card payment", "sam-card-" + i);
            withdraw(tomChecking, small[i], "Card payment", "tom-card-" + i);
            withdraw(ninaChecking, small[i], "Card payment", "nina-card-" + i);
        }

        // Ivan invoices clients and takes most of each payment out in cash the same day: alerts an analyst worked
        // through over the month (most of them false positives).
        int[] invoiceDays = {28, 25, 21, 18, 14, 11, 9};
        for (int i = 0; i < invoiceDays.length; i++) {
            then.daysBefore(today, invoiceDays[i], 60);
            deposit(ivanChecking, "1500.00", "Invoice paid", "ivan-invoice-" + i);
            then.daysBefore(today, invoiceDays[i], 300);
            withdraw(ivanChecking, "1250.00", "Cash", "ivan-cash-" + i);
        }

        // Six withdrawals of 400.00 within the hour: far above Vera's usual, and more than 2,000.00 in an hour.
        for (int i = 0; i < 6; i++) {
            then.daysBefore(today, 6, 8 * 60 + 9 * i);
            withdraw(veraChecking, "400.00", "Cash", "vera-cash-" + i);
        }

        // Four transfers just under the 100.00 confirmation threshold, to the same person, in one afternoon.
        String[] split = {"95.00", "96.00", "98.00", "99.00"};
        for (int i = 0; i < split.length; i++) {
            then.daysBefore(today, 4, 5 * 60 + 40 * i);
            transfer(samChecking, ivanChecking, split[i], "Invoice " + (i + 1), "sam-split-" + i);
        }

        // Money mule: a large credit from outside, most of it out again two hours later.
        then.daysBefore(today, 3, 0);
        deposit(tomChecking, "4000.00", "Incoming transfer", "tom-in");
        then.daysBefore(today, 3, 120);
        transfer(tomChecking, ivanChecking, "3500.00", "Loan repayment", "tom-out");

        // Quiet for four months, then most of the balance out in one go.
        then.daysBefore(today, 2, 0);
        transfer(doraChecking, ivanChecking, "2100.00", "Family", "dora-wakes");

        // Vera's agent adds a payee and pays it in the same session; she took 20 seconds to confirm each.
        then.daysBefore(today, 1, 60);
        CallContext veraSession = new CallContext("mcp-http", "Claude Desktop 0.14", "demo-session-vera",
                confirmsAfter(vera, Duration.ofSeconds(20)));
        String ivanPayee = addPayee(vera, "Ivan Petrov", ivanChecking, "demo-vera-payee-ivan", veraSession);
        then.advance(Duration.ofMinutes(4));
        past.fraudMonitor().drain(); // screening reads what the monitor has seen
        pay(vera, veraChecking, ivanPayee, "480.00", "demo-vera-pays-ivan", veraSession);

        // Nina's agent adds a payee and pays it 500.00, each confirmed in under half a second: screening holds the
        // payment, and it waits for an analyst.
        then.daysBefore(today, 1, 300);
        CallContext ninaSession = new CallContext("mcp-http", "quick-agent 0.1", "demo-session-nina",
                confirmsAfter(nina, Duration.ofMillis(400)));
        String tomPayee = addPayee(nina, "T. Reed", tomChecking, "demo-nina-payee-tom", ninaSession);
        then.advance(Duration.ofMinutes(2));
        past.fraudMonitor().drain();
        pay(nina, ninaChecking, tomPayee, "500.00", "demo-nina-pays-tom", ninaSession);

        past.fraudMonitor().drain();
        workOlderAlerts();
    }

    /** An analyst worked the alerts older than a week: each assigned some hours after it was raised, then closed. */
    private void workOlderAlerts() {
        List<Alert> open = bank.alertDesk().list(ANALYST, AlertDesk.AlertFilter.ALL, Optional.empty(), 100).alerts();
        int i = 0;
        for (Alert alert : open) {
            if (alert.raisedAt().isAfter(today.minus(Duration.ofDays(7)))) {
                continue;
            }
            DemoClock worked = new DemoClock(alert.raisedAt().plus(Duration.ofHours(2 + (i % 5) * 3)));
            BankRuntime analystThen = bank.at(worked);
            analystThen.alertDesk().assign(ANALYST, alert.id());
            worked.advance(Duration.ofMinutes(25));
            analystThen.alertDesk().addNote(ANALYST, alert.id(), "Looked at the statement and the customer's last three months.");
            Resolution resolution = i % 7 == 3 ? Resolution.CONFIRMED_FRAUD : i % 5 == 4 ? Resolution.NO_ACTION : Resolution.FALSE_POSITIVE;
            analystThen.alertDesk().close(ANALYST, alert.id(), resolution, resolution == Resolution.CONFIRMED_FRAUD
                    ? "The client behind this invoice reported the payment as fraud." : "Matches the customer's income and bills.");
            i++;
        }
    }

    private HumanConfirmation confirmsAfter(Customer customer, Duration reading) {
        String who = new Principal.CustomerPrincipal(customer.id()).actor().id();
        return request -> {
            then.advance(reading);
            return new HumanConfirmation.Answer.Approved(who, "mcp-elicitation");
        };
    }

    private String addPayee(Customer customer, String name, Account account, String key, CallContext session) {
        PayeeBook.AddOutcome added = past.payeeBook().add(new Principal.CustomerPrincipal(customer.id()), null, name,
                account.number().value(), new IdempotencyKey(key), session);
        if (!(added instanceof PayeeBook.AddOutcome.Added made)) {
            throw new IllegalStateException("demo seed: payee not added: " + added);
        }
        return made.payee().id().value();
    }

    private void pay(Customer customer, Account from, String payee, String amount, String key, CallContext session) {
        var outcome = past.paymentOrders().pay(new Principal.CustomerPrincipal(customer.id()), from.number().value(), payee, amount,
                null, "Thanks", new IdempotencyKey(key), session);
        if (!(outcome instanceof dev.agentbank.payments.application.PaymentOrders.PayOutcome.Made)) {
            throw new IllegalStateException("demo seed: payment not made: " + outcome);
        }
    }

    private Account open(Customer customer, String overdraft) {
        return past.accounts().open(SEEDER, customer.id(), AccountKind.CHECKING, EUR, new Money(new BigDecimal(overdraft), EUR));
    }

    private void deposit(Account account, String amount, String reference, String key) {
        DemoData.deposit(past, account, amount, reference, key);
    }

    private void withdraw(Account account, String amount, String reference, String key) {
        DemoData.withdraw(past, account, amount, reference, key);
    }

    private void transfer(Account from, Account to, String amount, String reference, String key) {
        DemoData.transfer(past, from, to, amount, reference, key);
    }
}
