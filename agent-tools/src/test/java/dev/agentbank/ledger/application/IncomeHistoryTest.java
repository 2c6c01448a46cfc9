package dev.agentbank.ledger.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verified income and account age, from the ledger and the accounts, on real PostgreSQL with a clock we move. */
class IncomeHistoryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final MutableClock clock = new MutableClock(NOW.minus(Duration.ofDays(200)));
    private static TestBank bank;
    private static long alice;
    private static long bob;
    private static AccountNumber aliceChecking;
    private static AccountNumber aliceSavings;

    @BeforeAll
    static void history() throws Exception {
        bank = TestBank.create(clock);
        alice = bank.customer();
        bob = bank.customer();
        aliceChecking = bank.account(alice).open();                                  // opened 200 days before NOW
        clock.set(NOW.minus(Duration.ofDays(150)));
        aliceSavings = bank.account(alice).kind(AccountKind.SAVINGS).open();
        AccountNumber bobChecking = bank.account(bob).opening("5000.00").open();

        at(100);
        bank.deposit(aliceChecking, "9000.00");                                      // before the window
        at(90);
        bank.deposit(aliceChecking, "70.00");                                        // exactly 90 days: outside (now-90d, now]
        at(60);
        bank.deposit(aliceChecking, "1000.00");                                      // counts
        at(30);
        bank.transfer(bobChecking, aliceChecking, "600.00");                         // from another customer: counts
        bank.transfer(aliceChecking, aliceSavings, "500.00");                        // between her own accounts: not
        Receipt takenBack = bank.deposit(aliceChecking, "300.00");                   // reversed: never income
        reverse(takenBack);
        Receipt withdrawal = bank.withdraw(aliceChecking, "200.00");
        reverse(withdrawal);                                                         // a reversal's credit: not income
        at(10);
        bank.runtime().database().jdbc().run("post an opening balance", connection ->
                OpeningBalances.post(connection, bank.teller, aliceSavings, Money.of("25.00", "EUR"),
                        new IdempotencyKey(UUID.randomUUID().toString()), clock.instant()));   // opening balance: not
        at(0);
        bank.deposit(aliceChecking, "100.00");                                       // at now exactly: counts
        clock.set(NOW.plusSeconds(1));
        bank.deposit(aliceChecking, "5000.00");                                      // after now: not
    }

    @AfterAll
    static void close() {
        bank.close();
    }

    private static void at(int daysBeforeNow) {
        clock.set(NOW.minus(Duration.ofDays(daysBeforeNow)));
    }

    private static void reverse(Receipt receipt) {
        TestBank.posted(bank.ledger().post(bank.teller, new Commands.Reversal(receipt.transactionId(), "test", TestBank.newKey())));
    }

    private static IncomeHistory income() {
        return new IncomeHistory(bank.runtime().database().jdbc());
    }

    @Test
    void averagesThreeMonthsOfMoneyFromOutsideTheCustomersOwnAccounts() {
        // 1000.00 deposited + 600.00 from Bob + 100.00 at now = 1700.00, over three months, rounded down to the cent
        assertThat(income().averageMonthlyIncome(alice, TestBank.EUR, NOW)).isEqualTo(Money.of("566.66", "EUR"));
    }

    @Test
    void theWindowMovesWithNow() {
        // 91 days later only the deposit after the old now is left in the window: 100.00 at old now + 5000.00 a second later
        assertThat(income().averageMonthlyIncome(alice, TestBank.EUR, NOW.plus(Duration.ofDays(89))))
                .isEqualTo(Money.of("1700.00", "EUR"));
        assertThat(income().averageMonthlyIncome(alice, TestBank.EUR, NOW.minus(Duration.ofDays(95))))
                .isEqualTo(Money.of("3000.00", "EUR"));
    }

    @Test
    void aCustomerWithNothingPaidInHasNoIncome() {
        assertThat(income().averageMonthlyIncome(bank.customer(), TestBank.EUR, NOW)).isEqualTo(Money.of("0.00", "EUR"));
        assertThat(income().averageMonthlyIncome(alice, TestBank.USD, NOW)).isEqualTo(Money.of("0.00", "USD"));
    }

    @Test
    void theAccountAgeIsTheOldestOpenAccounts() {
        assertThat(bank.runtime().accountDirectory().oldestOpenAccountOpenedAt(alice))
                .contains(NOW.minus(Duration.ofDays(200)));
        assertThat(bank.runtime().accountDirectory().oldestOpenAccountOpenedAt(bank.customer())).isEmpty();
    }
}
