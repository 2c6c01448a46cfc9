package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.approvals.model.PendingOperation.Status;
import dev.agentbank.approvals.model.SpendingPolicy;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.tools.ToolResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Per-principal limits, checked inside the posting transaction. Boundary rules: exactly the per-transaction
 * maximum is allowed, and so is using exactly the rest of the daily allowance; only amounts above are refused.
 */
class SpendingLimitsTest extends ApprovalBankTest {
    private static final Actor OPERATOR = Actor.of("operator", "olga");

    private static void dailyLimit(Principal principal, String limit) {
        bank.runtime().spendingPolicies().set(principal, Optional.empty(), Optional.empty(), Optional.of(new BigDecimal(limit)));
    }

    /**
     * A daily limit, with the confirmation threshold raised out of its way: several movements under 100.00 would
     * otherwise add up above the default threshold and ask a human before the daily limit is reached.
     */
    private static void dailyLimitAloneInTheWay(Principal principal, String limit) {
        bank.runtime().spendingPolicies().set(principal, Optional.of(new BigDecimal("1000.00")), Optional.empty(),
                Optional.of(new BigDecimal(limit)));
    }

    private static void perTransactionMax(Principal principal, String max) {
        bank.runtime().spendingPolicies().set(principal, Optional.empty(), Optional.of(new BigDecimal(max)), Optional.empty());
    }

    @Test
    void withoutOverridesEveryPrincipalGetsTheConfiguredDefaults() {
        SpendingPolicy policy = bank.runtime().spendingPolicies().of(holder("1.00").principal());

        assertThat(policy.threshold()).isEqualByComparingTo("100.00");
        assertThat(policy.perTransactionMax()).isEqualByComparingTo("10000.00");
        assertThat(policy.dailyOutflowLimit()).isEqualByComparingTo("5000.00");
    }

    @Test
    void anOverrideAppliesToItsPrincipalOnlyAndKeepsTheSettingsItDoesNotName() {
        Holder alice = holder("1.00");
        Holder bob = holder("1.00");

        dailyLimit(alice.principal(), "700.00");
        perTransactionMax(alice.principal(), "600.00");

        SpendingPolicy alices = bank.runtime().spendingPolicies().of(alice.principal());
        assertThat(alices.dailyOutflowLimit()).isEqualByComparingTo("700.00");
        assertThat(alices.perTransactionMax()).isEqualByComparingTo("600.00");
        assertThat(alices.threshold()).isEqualByComparingTo("100.00");
        assertThat(bank.runtime().spendingPolicies().of(bob.principal()).dailyOutflowLimit()).isEqualByComparingTo("5000.00");
        assertThat(bank.runtime().spendingPolicies().overrides()).containsKey(alice.actor()).doesNotContainKey(bob.actor());
    }

    @Test
    void aPrincipalsOwnThresholdDecidesWhenTheHumanIsAsked() {
        Holder generous = holder("1000.00");
        Holder strict = holder("1000.00");
        bank.runtime().spendingPolicies().set(generous.principal(), Optional.of(new BigDecimal("500.00")), Optional.empty(),
                Optional.empty());
        bank.runtime().spendingPolicies().set(strict.principal(), Optional.of(new BigDecimal("10.00")), Optional.empty(),
                Optional.empty());
        ScriptedHuman human = ScriptedHuman.declining();

        ToolResult generousAtItsThreshold = transfer(generous.principal(), human, generous.main(), generous.second(), "500.00", key());
        assertThat(human.asks()).isZero();
        ToolResult strictAboveItsThreshold = transfer(strict.principal(), human, strict.main(), strict.second(), "10.01", key());

        assertThat(status(generousAtItsThreshold)).isEqualTo("POSTED");
        assertThat(status(strictAboveItsThreshold)).isEqualTo("DECLINED");
        assertThat(human.asks()).isEqualTo(1);
        assertThat(bank.balance(generous.second())).hasToString("500.00 EUR");
        assertThat(bank.balance(strict.second())).hasToString("0.00 EUR");
    }

    @Test
    void limitsMustBePositive() {
        Principal someone = holder("1.00").principal();

        assertThatThrownBy(() -> dailyLimit(someone, "0")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> perTransactionMax(someone, "-5")).isInstanceOf(IllegalArgumentException.class);
        assertThat(bank.runtime().spendingPolicies().overrides()).doesNotContainKey(someone.actor().id());
    }

    @Test
    void concurrentTransfersUnderTheThresholdCannotTogetherPassTheDailyLimit() throws Exception {
        for (int round = 0; round < 2; round++) {
            Holder carol = holder("2000.00");
            dailyLimitAloneInTheWay(carol.principal(), "350.00");
            int threads = 8;
            CyclicBarrier together = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<ToolResult>> results = new ArrayList<>();
            try {
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        together.await(20, TimeUnit.SECONDS);
                        return transfer(carol.principal(), HumanConfirmation.UNAVAILABLE, carol.main(), carol.second(), "100.00", key());
                    }));
                }
                int posted = 0;
                for (Future<ToolResult> future : results) {
                    ToolResult result = future.get(60, TimeUnit.SECONDS);
                    if (result.isError()) {
                        assertThat(result.text()).contains("Daily outflow limit").contains("350.00 EUR").contains("50.00 EUR remains");
                    } else {
                        assertThat(status(result)).isEqualTo("POSTED");
                        posted++;
                    }
                }
                assertThat(posted).as("100.00 fits three times into 350.00").isEqualTo(3);
            } finally {
                pool.shutdownNow();
            }
            assertThat(entriesBy(carol.actor())).isEqualTo(3);
            assertThat(bank.balance(carol.main())).hasToString("1700.00 EUR");
            assertThat(bank.balance(carol.second())).hasToString("300.00 EUR");
            assertThat(outflowMinorToday(carol.actor())).isEqualTo(30_000);
        }
    }

    @Test
    void concurrentApprovalsOfWaitingTransfersCannotTogetherPassTheDailyLimit() throws Exception {
        Holder dan = holder("2000.00");
        dailyLimit(dan.principal(), "500.00");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ToolResult waiting = transfer(dan.principal(), HumanConfirmation.UNAVAILABLE, dan.main(), dan.second(), "200.00", key());
            assertThat(status(waiting)).isEqualTo("AWAITING_APPROVAL");
            ids.add((String) ok(waiting).get("approval_id"));
        }
        CyclicBarrier together = new CyclicBarrier(ids.size());
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
        List<Future<Approvals.Decision>> decisions = new ArrayList<>();
        try {
            for (String id : ids) {
                decisions.add(pool.submit(() -> {
                    together.await(20, TimeUnit.SECONDS);
                    return bank.runtime().approvals().approve(id, OPERATOR, "cli");
                }));
            }
            int done = 0;
            for (Future<Approvals.Decision> decision : decisions) {
                Approvals.Decision answer = decision.get(60, TimeUnit.SECONDS);
                if (answer.done()) {
                    done++;
                } else {
                    assertThat(answer.message()).contains("Daily outflow limit").contains("500.00 EUR").contains("100.00 EUR remains");
                }
            }
            assertThat(done).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ids).extracting(id -> pending(id).status()).containsExactlyInAnyOrder(
                Status.EXECUTED, Status.EXECUTED, Status.FAILED, Status.FAILED);
        assertThat(entriesBy(dan.actor())).isEqualTo(2);
        assertThat(bank.balance(dan.main())).hasToString("1600.00 EUR");
    }

    @Test
    void theDailyRefusalNamesTheLimitAndWhatRemainsToday() {
        Holder erin = holder("10000.00");
        ScriptedHuman human = ScriptedHuman.approving(erin.actor());

        assertThat(status(transfer(erin.principal(), human, erin.main(), erin.second(), "2000.00", key()))).isEqualTo("POSTED");
        assertThat(status(transfer(erin.principal(), human, erin.main(), erin.second(), "2000.00", key()))).isEqualTo("POSTED");
        ToolResult third = transfer(erin.principal(), human, erin.main(), erin.second(), "2000.00", key());

        assertThat(refused(third)).isEqualTo("Daily outflow limit reached: the limit is 5000.00 EUR per day and 1000.00 EUR "
                + "remains today, less than the 2000.00 EUR requested. Nothing was posted.");
        assertThat(entriesBy(erin.actor())).isEqualTo(2);
        assertThat(bank.balance(erin.main())).hasToString("6000.00 EUR");
    }

    @Test
    void usingExactlyTheRemainingDailyAllowanceIsAllowedAndOneCentMoreIsNot() {
        Holder fay = holder("1000.00");
        dailyLimitAloneInTheWay(fay.principal(), "250.00");
        transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "100.00", key());
        transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "100.00", key());

        ToolResult oneCentTooMuch = transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "50.01", key());
        ToolResult exactlyTheRest = transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "50.00", key());
        ToolResult afterwards = transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "0.01", key());

        assertThat(refused(oneCentTooMuch)).contains("250.00 EUR per day").contains("50.00 EUR remains").contains("50.01 EUR requested");
        assertThat(status(exactlyTheRest)).isEqualTo("POSTED");
        assertThat(refused(afterwards)).contains("0.00 EUR remains");
        assertThat(outflowMinorToday(fay.actor())).isEqualTo(25_000);
        assertThat(bank.balance(fay.second())).hasToString("250.00 EUR");
    }

    @Test
    void aSingleMovementAboveTheWholeDailyLimitIsRefusedWithTheFullAllowanceRemaining() {
        Holder gil = holder("1000.00");
        dailyLimit(gil.principal(), "80.00");

        ToolResult result = transfer(gil.principal(), HumanConfirmation.UNAVAILABLE, gil.main(), gil.second(), "90.00", key());

        assertThat(refused(result)).contains("80.00 EUR per day").contains("80.00 EUR remains").contains("90.00 EUR requested");
        assertThat(outflowMinorToday(gil.actor())).isZero();
    }

    @Test
    void exactlyThePerTransactionMaximumIsAllowedWhenTheHumanApproves() {
        Holder hal = holder("1000.00");
        perTransactionMax(hal.principal(), "500.00");
        ScriptedHuman human = ScriptedHuman.approving(hal.actor());

        ToolResult result = transfer(hal.principal(), human, hal.main(), hal.second(), "500.00", key());

        assertThat(status(result)).isEqualTo("POSTED");
        assertThat(human.asks()).isEqualTo(1);
        assertThat(bank.balance(hal.second())).hasToString("500.00 EUR");
    }

    @Test
    void aboveThePerTransactionMaximumIsRefusedEvenWhenTheHumanWouldApproveAndNobodyIsAsked() {
        Holder ida = holder("1000.00");
        perTransactionMax(ida.principal(), "500.00");
        ScriptedHuman human = ScriptedHuman.approving(ida.actor());

        ToolResult withHuman = transfer(ida.principal(), human, ida.main(), ida.second(), "500.01", key());
        ToolResult withoutHuman = transfer(ida.principal(), HumanConfirmation.UNAVAILABLE, ida.main(), ida.second(), "500.01", key());

        assertThat(refused(withHuman)).isEqualTo("500.01 EUR is above the per-transaction maximum of 500.00 EUR; no approval can "
                + "lift it. Split it or ask the bank to change the limit.");
        assertThat(refused(withoutHuman)).contains("per-transaction maximum of 500.00 EUR");
        assertThat(human.asks()).as("nobody is asked to approve what no approval can allow").isZero();
        assertThat(pendingRowsOf(ida.actor())).as("no approval request is made for it").isZero();
        assertThat(entriesBy(ida.actor())).isZero();
        assertThat(bank.balance(ida.main())).hasToString("1000.00 EUR");
    }

    @Test
    void theDefaultPerTransactionMaximumStopsDepositsToo() {
        Holder jo = holder("1.00");
        ScriptedHuman human = ScriptedHuman.approving(jo.actor());

        ToolResult result = call(jo.principal(), human, "deposit", accountArgs(jo.main(), "10000.01", null, key()));

        assertThat(refused(result)).contains("per-transaction maximum of 10000.00 EUR");
        assertThat(human.asks()).isZero();
        assertThat(bank.balance(jo.main())).hasToString("1.00 EUR");
    }

    @Test
    void aLimitLoweredWhileARequestWaitsIsCheckedWhenTheRequestIsApproved() {
        Holder kim = holder("1000.00");
        ToolResult waiting = transfer(kim.principal(), HumanConfirmation.UNAVAILABLE, kim.main(), kim.second(), "300.00", key());
        String id = (String) ok(waiting).get("approval_id");
        dailyLimit(kim.principal(), "250.00");

        Approvals.Decision decision = bank.runtime().approvals().approve(id, OPERATOR, "cli");

        assertThat(decision.done()).isFalse();
        assertThat(decision.message()).contains("approved but not posted").contains("Daily outflow limit").contains("250.00 EUR");
        assertThat(pending(id).status()).isEqualTo(Status.FAILED);
        assertThat(entriesBy(kim.actor())).isZero();
    }

    @Test
    void dailyOutflowCountsWithdrawalsAndTransfersButNotDeposits() {
        Holder lou = holder("1000.00");
        dailyLimitAloneInTheWay(lou.principal(), "150.00");
        HumanConfirmation none = HumanConfirmation.UNAVAILABLE;

        assertThat(status(call(lou.principal(), none, "deposit", accountArgs(lou.main(), "100.00", null, key())))).isEqualTo("POSTED");
        assertThat(status(call(lou.principal(), none, "deposit", accountArgs(lou.main(), "100.00", null, key())))).isEqualTo("POSTED");
        assertThat(outflowMinorToday(lou.actor())).as("deposits bring money in").isZero();

        assertThat(status(call(lou.principal(), none, "withdraw", accountArgs(lou.main(), "100.00", null, key())))).isEqualTo("POSTED");
        assertThat(outflowMinorToday(lou.actor())).isEqualTo(10_000);
        ToolResult transferTooMuch = transfer(lou.principal(), none, lou.main(), lou.second(), "60.00", key());
        assertThat(refused(transferTooMuch)).contains("50.00 EUR remains");
        assertThat(status(transfer(lou.principal(), none, lou.main(), lou.second(), "50.00", key()))).isEqualTo("POSTED");
        ToolResult withdrawTooMuch = call(lou.principal(), none, "withdraw", accountArgs(lou.main(), "0.01", null, key()));
        assertThat(refused(withdrawTooMuch)).contains("0.00 EUR remains");

        assertThat(status(call(lou.principal(), none, "deposit", accountArgs(lou.main(), "100.00", null, key()))))
                .as("a spent allowance does not stop deposits").isEqualTo("POSTED");
        assertThat(outflowMinorToday(lou.actor())).isEqualTo(15_000);
        assertThat(bank.balance(lou.main())).hasToString("1150.00 EUR");
    }

    @Test
    void theDailyAllowanceStartsAgainOnTheNextUtcDay() {
        Holder max = holder("1000.00");
        dailyLimitAloneInTheWay(max.principal(), "100.00");
        assertThat(status(transfer(max.principal(), HumanConfirmation.UNAVAILABLE, max.main(), max.second(), "100.00", key())))
                .isEqualTo("POSTED");
        assertThat(refused(transfer(max.principal(), HumanConfirmation.UNAVAILABLE, max.main(), max.second(), "0.01", key())))
                .contains("0.00 EUR remains");

        clock.advance(Duration.ofDays(1));

        assertThat(status(transfer(max.principal(), HumanConfirmation.UNAVAILABLE, max.main(), max.second(), "100.00", key())))
                .isEqualTo("POSTED");
        assertThat(bank.balance(max.second())).hasToString("200.00 EUR");
    }

    @Test
    void limitsArePerPrincipalNotPerAccount() {
        Holder ned = holder("1000.00");
        dailyLimitAloneInTheWay(ned.principal(), "150.00");
        transfer(ned.principal(), HumanConfirmation.UNAVAILABLE, ned.main(), ned.second(), "100.00", key());

        ToolResult fromTheOtherAccount = transfer(ned.principal(), HumanConfirmation.UNAVAILABLE, ned.second(), ned.main(), "60.00", key());

        assertThat(refused(fromTheOtherAccount)).contains("50.00 EUR remains");
        assertThat(entriesBy(ned.actor())).isEqualTo(1);
    }
}
