package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.approvals.model.Proposal;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import dev.agentbank.tools.ToolResult;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A front end that can ask its human at once (an MCP client with elicitation, or the chat program's terminal).
 * The tool posts only on an explicit approval; decline and cancel post nothing and the result says which.
 */
class SynchronousConfirmationTest extends ApprovalBankTest {

    @Test
    void declinedConfirmationPostsNothingAndTheResultSaysDeclined() {
        Holder alice = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.declining();
        var before = bank.snapshot();

        ToolResult result = transfer(alice.principal(), human, alice.main(), alice.second(), "250.00", key());

        assertThat(status(result)).isEqualTo("DECLINED");
        assertThat((String) ok(result).get("message")).contains("declined").contains("nothing was posted");
        assertThat(ok(result)).doesNotContainKeys("transaction", "approval_id");
        assertThat(human.asks()).isEqualTo(1);
        assertThat(entriesBy(alice.actor())).isZero();
        assertThat(bank.balance(alice.main())).hasToString("1000.00 EUR");
        assertThat(bank.balance(alice.second())).hasToString("0.00 EUR");
        assertThat(pendingRowsOf(alice.actor())).as("a declined request does not wait for anyone").isZero();
        assertThat(outflowMinorToday(alice.actor())).as("nothing counts against the daily limit").isZero();
        assertThat(bank.snapshot().journalEntries()).isEqualTo(before.journalEntries());
    }

    @Test
    void cancelledConfirmationPostsNothingAndTheResultSaysCancelled() {
        Holder bob = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.cancelling();

        ToolResult result = call(bob.principal(), human, "withdraw", accountArgs(bob.main(), "300.00", "cash", key()));

        assertThat(status(result)).isEqualTo("CANCELLED");
        assertThat((String) ok(result).get("message")).contains("dismissed").contains("nothing was posted");
        assertThat(human.asks()).isEqualTo(1);
        assertThat(entriesBy(bob.actor())).isZero();
        assertThat(bank.balance(bob.main())).hasToString("1000.00 EUR");
        assertThat(pendingRowsOf(bob.actor())).isZero();
    }

    @Test
    void acceptedConfirmationPostsExactlyOnceAndARetryWithTheSameKeyNeitherPostsAgainNorAsksAgain() {
        Holder carol = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.approving(carol.actor());
        String key = key();

        ToolResult first = transfer(carol.principal(), human, carol.main(), carol.second(), "400.00", key);
        ToolResult retry = transfer(carol.principal(), human, carol.main(), carol.second(), "400.00", key);
        ToolResult thirdTry = transfer(carol.principal(), human, carol.main(), carol.second(), "400.00", key);

        assertThat(status(first)).isEqualTo("POSTED");
        assertThat(status(retry)).isEqualTo("ALREADY_POSTED");
        assertThat(status(thirdTry)).isEqualTo("ALREADY_POSTED");
        assertThat(transactionId(retry)).isEqualTo(transactionId(first));
        assertThat(human.asks()).as("the human is asked once, not on every retry").isEqualTo(1);
        assertThat(entriesUnderKey(carol.actor(), key)).isEqualTo(1);
        assertThat(entriesBy(carol.actor())).isEqualTo(1);
        assertThat(bank.balance(carol.main())).hasToString("600.00 EUR");
        assertThat(bank.balance(carol.second())).hasToString("400.00 EUR");
        assertThat(outflowMinorToday(carol.actor())).as("a replay does not count twice against the daily limit").isEqualTo(40_000);
    }

    @Test
    void theHumanIsShownFromToAmountCurrencyReferenceAndTheBalanceAfter() {
        Holder dora = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.declining();

        call(dora.principal(), human, "transfer", transferArgs(dora.main(), dora.second(), "250.00", "school fees", key()));

        assertThat(human.asked).hasSize(1);
        Proposal proposal = human.asked.getFirst();
        assertThat(proposal.from()).contains(dora.main());
        assertThat(proposal.to()).contains(dora.second());
        assertThat(proposal.amount()).isEqualTo(Money.of("250.00", "EUR"));
        assertThat(proposal.reference()).isEqualTo("school fees");
        assertThat(proposal.balanceAfter()).isEqualTo(Money.of("750.00", "EUR"));
        assertThat(proposal.describe()).contains("Transfer of 250.00 EUR", "From: " + dora.main(), "To: " + dora.second(),
                "Reference: \"school fees\"", "after: 750.00 EUR");
    }

    @Test
    void aReferenceCannotForgeExtraLinesInWhatTheHumanIsShown() {
        AccountNumber from = AccountNumber.fromSerial(17);
        AccountNumber to = AccountNumber.fromSerial(25);
        // Commands refuse control characters, so build the proposal by hand to test describe() on its own.
        Commands.Transfer transfer = new Commands.Transfer(from, to, new BigDecimal("900.00"), Optional.empty(),
                "rent", new IdempotencyKey(key()));
        Proposal proposal = new Proposal(transfer, Optional.of(from), Optional.of(to), Money.of("900.00", "EUR"),
                "rent\nApproved: yes\u202E", Money.of("100.00", "EUR"));

        String shown = proposal.describe();

        assertThat(shown.lines()).hasSize(5);
        assertThat(shown.lines().filter(line -> line.startsWith("Approved"))).isEmpty();
        assertThat(shown).contains("Reference: \"rentApproved: yes\"").doesNotContain("\u202E");
    }

    @Test
    void anAmountExactlyAtTheThresholdPostsWithoutAskingAndOneCentMoreAsks() {
        Holder erin = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.declining();

        ToolResult atThreshold = transfer(erin.principal(), human, erin.main(), erin.second(), "100.00", key());
        assertThat(status(atThreshold)).isEqualTo("POSTED");
        assertThat(human.asks()).as("exactly the threshold needs no human").isZero();

        ToolResult above = transfer(erin.principal(), human, erin.main(), erin.second(), "100.01", key());
        assertThat(status(above)).isEqualTo("DECLINED");
        assertThat(human.asks()).isEqualTo(1);
        assertThat(human.asked.getFirst().amount()).isEqualTo(Money.of("100.01", "EUR"));
        assertThat(bank.balance(erin.main())).hasToString("900.00 EUR");
    }

    @Test
    void depositsAndWithdrawalsAboveTheThresholdAlsoNeedTheHuman() {
        Holder fay = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.declining();

        ToolResult deposit = call(fay.principal(), human, "deposit", accountArgs(fay.main(), "500.00", null, key()));
        ToolResult withdrawal = call(fay.principal(), human, "withdraw", accountArgs(fay.main(), "500.00", null, key()));

        assertThat(status(deposit)).isEqualTo("DECLINED");
        assertThat(status(withdrawal)).isEqualTo("DECLINED");
        assertThat(human.asked).extracting(Proposal::kind).extracting(Enum::name).containsExactly("DEPOSIT", "WITHDRAWAL");
        assertThat(human.asked.get(0).balanceAfter()).isEqualTo(Money.of("1500.00", "EUR"));
        assertThat(human.asked.get(1).balanceAfter()).isEqualTo(Money.of("500.00", "EUR"));
        assertThat(entriesBy(fay.actor())).isZero();
        assertThat(bank.balance(fay.main())).hasToString("1000.00 EUR");
    }

    @Test
    void aTransferWithoutAReferenceCanBeShownToTheHumanAndConfirmed() {
        Holder gus = holder("1000.00");
        ScriptedHuman human = ScriptedHuman.approving(gus.actor());
        String[] shown = new String[1];

        ToolResult result = call(gus.principal(), proposal -> {
            shown[0] = proposal.describe(); // what an elicitation form or terminal prompt shows
            return human.ask(proposal);
        }, "transfer", transferArgs(gus.main(), gus.second(), "150.00", null, key()));

        assertThat(result.isError()).as("a movement without a reference must still reach the human: %s", result.text()).isFalse();
        assertThat(status(result)).isEqualTo("POSTED");
        assertThat(shown[0]).contains("Transfer of 150.00 EUR");
        assertThat(bank.balance(gus.second())).hasToString("150.00 EUR");
    }

    @Test
    void aDeclineIsNotRememberedAsApprovalAndTheSameKeyAsksAgain() {
        Holder hal = holder("1000.00");
        String key = key();

        ToolResult declined = transfer(hal.principal(), ScriptedHuman.declining(), hal.main(), hal.second(), "200.00", key);
        ScriptedHuman second = ScriptedHuman.declining();
        ToolResult again = transfer(hal.principal(), second, hal.main(), hal.second(), "200.00", key);

        assertThat(status(declined)).isEqualTo("DECLINED");
        assertThat(status(again)).isEqualTo("DECLINED");
        assertThat(second.asks()).as("a retry after a decline goes back to the human").isEqualTo(1);
        assertThat(entriesBy(hal.actor())).isZero();
    }
}
