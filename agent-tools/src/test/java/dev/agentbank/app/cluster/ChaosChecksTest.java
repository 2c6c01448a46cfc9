package dev.agentbank.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The final checks of a chaos run, on a real database with planted faults. */
class ChaosChecksTest {
    private static final String PREFIX = "chaos-test-";

    private TestBank bank;
    private long customer;
    private Actor actor;
    private AccountNumber checking;
    private AccountNumber savings;
    private ChaosChecks checks;

    @BeforeEach
    void setUp() {
        bank = TestBank.create();
        customer = bank.customer();
        actor = Actor.of("customer", Long.toString(customer));
        checking = bank.account(customer).opening("500.00").open();
        savings = bank.account(customer).kind(AccountKind.SAVINGS).opening("100.00").open();
        checks = new ChaosChecks(bank.runtime().database().jdbc(), bank.runtime().invariants());
    }

    @AfterEach
    void tearDown() {
        bank.close();
    }

    private void transfer(String key, String reference, String amount) {
        TestBank.posted(bank.ledger().post(actor, new Commands.Transfer(checking, savings, new BigDecimal(amount), Optional.empty(),
                reference, new IdempotencyKey(key))));
    }

    private ChaosOperation operation(String key, ChaosOperation.Outcome outcome) {
        return new ChaosOperation(ChaosOperation.Kind.TRANSFER, actor, key, "chaos " + key, 1000, outcome, 2, "");
    }

    private ChaosChecks.Result check(List<ChaosOperation> operations) {
        return checks.check(operations, PREFIX, List.of(customer), 60_000);
    }

    @Test
    void passesWhenEveryAcknowledgedOperationIsPostedOnceAndNoRefusedOneIs() {
        transfer(PREFIX + "1", "chaos " + PREFIX + "1", "10.00");

        ChaosChecks.Result result = check(List.of(operation(PREFIX + "1", ChaosOperation.Outcome.ACKNOWLEDGED),
                operation(PREFIX + "2", ChaosOperation.Outcome.REFUSED)));

        assertThat(result.violations()).isEmpty();
        assertThat(result.sound()).isTrue();
    }

    @Test
    void failsWhenAnAcknowledgedOperationIsMissingFromTheLedger() {
        ChaosChecks.Result result = check(List.of(operation(PREFIX + "1", ChaosOperation.Outcome.ACKNOWLEDGED)));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.violations()).anyMatch(violation -> violation.startsWith("acknowledged but not in the ledger"));
    }

    @Test
    void failsWhenAnOperationIsPostedTwiceUnderAnotherKey() {
        transfer(PREFIX + "1", "chaos " + PREFIX + "1", "10.00");
        transfer(PREFIX + "1-again", "chaos " + PREFIX + "1", "10.00"); // the same operation, a second key

        ChaosChecks.Result result = check(List.of(operation(PREFIX + "1", ChaosOperation.Outcome.ACKNOWLEDGED)));

        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.violations()).anyMatch(violation -> violation.startsWith("posted 2 times"));
    }

    @Test
    void failsWhenARefusedOperationWasPostedAfterAll() {
        transfer(PREFIX + "1", "chaos " + PREFIX + "1", "10.00");

        ChaosChecks.Result result = check(List.of(operation(PREFIX + "1", ChaosOperation.Outcome.REFUSED)));

        assertThat(result.postedThoughRefused()).isEqualTo(1);
        assertThat(result.sound()).isFalse();
    }

    @Test
    void failsWhenAnOperationWasNeverAnswered() {
        ChaosChecks.Result result = check(List.of(operation(PREFIX + "1", ChaosOperation.Outcome.UNANSWERED)));

        assertThat(result.unanswered()).isEqualTo(1);
        assertThat(result.sound()).isFalse();
    }

    @Test
    void failsWhenTheCustomersHoldOtherThanDepositsLessPaymentsOut() {
        bank.withdraw(checking, "5.00"); // money left without an operation of the run

        ChaosChecks.Result result = check(List.of());

        assertThat(result.violations()).anyMatch(violation -> violation.contains("hold 59500 cents"));
    }

    @Test
    void failsOnABrokenLedgerInvariant() {
        bank.update("UPDATE account SET balance_minor = balance_minor + 1 WHERE number = '" + checking.value() + "'");

        ChaosChecks.Result result = check(List.of());

        assertThat(result.violations()).anyMatch(violation -> violation.startsWith("cached balance equals the sum of postings"));
    }
}
