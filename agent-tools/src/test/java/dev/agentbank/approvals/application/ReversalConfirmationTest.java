package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.tools.ToolResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reversals move money too: above the threshold a teller's model cannot reverse on its own word. */
class ReversalConfirmationTest extends ApprovalBankTest {

    private static long postedTransfer(Holder holder, String amount) {
        Principal teller = freshTeller();
        return transactionId(call(teller, ScriptedHuman.approving("teller:boss"), "transfer",
                transferArgs(holder.main(), holder.second(), amount, "to reverse", key())));
    }

    private static Map<String, Object> reversal(long transactionId, String key) {
        return Map.of("transaction_id", transactionId, "reason", "posted by mistake", "idempotency_key", key);
    }

    @Test
    void aLargeReversalWithNobodyToAskWaitsAndPostsOnlyOnceApproved() {
        Holder holder = holder("1000.00");
        long original = postedTransfer(holder, "400.00");
        Principal teller = freshTeller();
        String key = key();

        ToolResult waiting = call(teller, HumanConfirmation.UNAVAILABLE, "reverse_transaction", reversal(original, key));

        assertThat(status(waiting)).isEqualTo("AWAITING_APPROVAL");
        assertThat(entriesBy(teller.actor().id())).isZero();
        assertThat(bank.balance(holder.second()).amount()).isEqualByComparingTo("400.00");
        String id = (String) ok(waiting).get("approval_id");

        assertThat(bank.runtime().approvals().approve(id, Actor.of("operator", "olga"), "cli").done()).isTrue();

        assertThat(entriesBy(teller.actor().id())).isEqualTo(1);
        assertThat(bank.balance(holder.second()).amount()).isEqualByComparingTo("0.00");
        assertThat(bank.balance(holder.main()).amount()).isEqualByComparingTo("1000.00");
        assertThat(status(call(teller, HumanConfirmation.UNAVAILABLE, "reverse_transaction", reversal(original, key))))
                .isEqualTo("ALREADY_POSTED");
        assertThat(entriesBy(teller.actor().id())).isEqualTo(1);
    }

    @Test
    void theHumanSeesWhichAccountTheReversalDebitsAndDecliningPostsNothing() {
        Holder holder = holder("1000.00");
        long original = postedTransfer(holder, "250.00");
        Principal teller = freshTeller();
        ScriptedHuman human = ScriptedHuman.declining();

        ToolResult declined = call(teller, human, "reverse_transaction", reversal(original, key()));

        assertThat(status(declined)).isEqualTo("DECLINED");
        assertThat(human.asked).hasSize(1);
        assertThat(human.asked.getFirst().describe()).contains("Reversal of transaction " + original)
                .contains("From: " + holder.second()).contains("To: " + holder.main()).contains("250.00 EUR");
        assertThat(entriesBy(teller.actor().id())).isZero();
    }

    @Test
    void aSmallReversalPostsWithoutAskingAndCountsAgainstTheDailyOutflow() {
        Holder holder = holder("1000.00");
        long original = postedTransfer(holder, "60.00");
        Principal teller = freshTeller();
        ScriptedHuman human = ScriptedHuman.declining();

        assertThat(status(call(teller, human, "reverse_transaction", reversal(original, key())))).isEqualTo("POSTED");

        assertThat(human.asks()).isZero();
        assertThat(outflowMinorToday(teller.actor().id())).isEqualTo(6000);
    }
}
