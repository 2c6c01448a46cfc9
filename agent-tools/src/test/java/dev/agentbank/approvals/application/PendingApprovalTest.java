package dev.agentbank.approvals.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.approvals.model.PendingOperation.Status;
import dev.agentbank.approvals.model.PendingOperation;
import dev.agentbank.identity.HumanConfirmation;
import dev.agentbank.shared.Actor;
import dev.agentbank.tools.ToolResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A front end that cannot ask its human: a movement above the threshold waits as an approval request until an
 * operator decides outside the model's reach ({@code ./bank approvals}, here {@link Approvals} directly; the
 * command itself is run in {@link ApprovalsCliTest}). It posts exactly once, or never.
 */
class PendingApprovalTest extends ApprovalBankTest {
    static final Actor OPERATOR = Actor.of("operator", "olga");
    static final Actor OTHER_OPERATOR = Actor.of("operator", "oscar");

    private static Approvals approvals() {
        return bank.runtime().approvals();
    }

    /** Sends a transfer above the threshold from a session that cannot ask; returns the approval id. */
    private static String awaiting(Holder holder, String amount, String key) {
        ToolResult result = transfer(holder.principal(), HumanConfirmation.UNAVAILABLE, holder.main(), holder.second(), amount, key);
        assertThat(status(result)).isEqualTo("AWAITING_APPROVAL");
        return (String) ok(result).get("approval_id");
    }

    @Test
    void withoutAWayToAskAnApprovalRequestIsCreatedThatExpiresAndNothingIsPosted() {
        Holder alice = holder("1000.00");
        Instant now = clock.instant();

        ToolResult result = transfer(alice.principal(), HumanConfirmation.UNAVAILABLE, alice.main(), alice.second(), "250.00", key());

        Map<String, Object> movement = ok(result);
        assertThat(movement.get("status")).isEqualTo("AWAITING_APPROVAL");
        String id = (String) movement.get("approval_id");
        assertThat(id).matches("APR-[A-Z2-9]{8}");
        assertThat(Instant.parse((String) movement.get("approval_expires_at"))).isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat((String) movement.get("message")).contains("Waiting for the customer's approval, reference " + id)
                .contains("Nothing has been posted");
        assertThat(movement).doesNotContainKey("transaction");
        PendingOperation operation = pending(id);
        assertThat(operation.status()).isEqualTo(Status.PENDING);
        assertThat(operation.principal()).isEqualTo(alice.actor());
        assertThat(operation.amount()).isEqualByComparingTo("250.00");
        assertThat(operation.fromAccount()).isEqualTo(alice.main().value());
        assertThat(operation.toAccount()).isEqualTo(alice.second().value());
        assertThat(entriesBy(alice.actor())).isZero();
        assertThat(bank.balance(alice.main())).hasToString("1000.00 EUR");
        assertThat(outflowMinorToday(alice.actor())).isZero();
    }

    @Test
    void theWaitingMessageAndTheOperatorsSummaryStateTheAmountWithTheCurrencysDecimals() {
        Holder abe = holder("1000.00");

        ToolResult result = transfer(abe.principal(), HumanConfirmation.UNAVAILABLE, abe.main(), abe.second(), "250.00", key());

        String id = (String) ok(result).get("approval_id");
        assertThat((String) ok(result).get("message")).contains("Transfer of 250.00 EUR from " + abe.main());
        assertThat(pending(id).summary()).isEqualTo("Transfer of 250.00 EUR from " + abe.main() + " to " + abe.second());
    }

    @Test
    void retryingWithTheSameKeyReturnsTheSameApprovalIdAndNoSecondRequest() {
        Holder bob = holder("1000.00");
        String key = key();

        String first = awaiting(bob, "300.00", key);
        String second = awaiting(bob, "300.00", key);

        assertThat(second).isEqualTo(first);
        assertThat(pendingRowsOf(bob.actor())).isEqualTo(1);
        assertThat(entriesBy(bob.actor())).isZero();
    }

    @Test
    void concurrentRetriesWithTheSameKeyShareOneApprovalRequest() throws Exception {
        Holder dee = holder("1000.00");
        String key = key();
        int threads = 4;
        CyclicBarrier together = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<ToolResult>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return transfer(dee.principal(), HumanConfirmation.UNAVAILABLE, dee.main(), dee.second(), "300.00", key);
                }));
            }
            List<Object> ids = new ArrayList<>();
            for (Future<ToolResult> result : results) {
                ToolResult answer = result.get(30, TimeUnit.SECONDS);
                assertThat(status(answer)).isEqualTo("AWAITING_APPROVAL");
                ids.add(ok(answer).get("approval_id"));
            }
            assertThat(ids).hasSize(threads).containsOnly(ids.getFirst());
        } finally {
            pool.shutdownNow();
        }
        assertThat(pendingRowsOf(dee.actor())).isEqualTo(1);
        assertThat(entriesBy(dee.actor())).isZero();
    }

    @Test
    void reusingAWaitingRequestsKeyForADifferentAmountIsRefused() {
        Holder cid = holder("1000.00");
        String key = key();
        awaiting(cid, "300.00", key);

        ToolResult other = transfer(cid.principal(), HumanConfirmation.UNAVAILABLE, cid.main(), cid.second(), "350.00", key);

        assertThat(refused(other)).contains("idempotency_key").contains("different request");
        assertThat(pendingRowsOf(cid.actor())).isEqualTo(1);
    }

    @Test
    void aKeyWaitingForApprovalCannotBeReusedForASmallerMovementUnderTheThreshold() {
        Holder cy = holder("1000.00");
        String key = key();
        String id = awaiting(cy, "300.00", key);

        ToolResult smaller = transfer(cy.principal(), HumanConfirmation.UNAVAILABLE, cy.main(), cy.second(), "50.00", key);

        assertThat(smaller.isError()).as("a key names one operation; got: %s", smaller.text()).isTrue();
        assertThat(smaller.text()).contains("idempotency_key").contains("different request");
        assertThat(entriesBy(cy.actor())).isZero();
        assertThat(pending(id).status()).isEqualTo(Status.PENDING);
    }

    @Test
    void anApprovedRequestPostsExactlyOnceAndTheModelsRetryThenReportsAlreadyPosted() {
        Holder carol = holder("1000.00");
        String key = key();
        String id = awaiting(carol, "400.00", key);

        Approvals.Decision decision = approvals().approve(id, OPERATOR, "cli");

        assertThat(decision.done()).as(decision.message()).isTrue();
        assertThat(decision.message()).contains(id).contains("approved and posted as transaction");
        PendingOperation operation = pending(id);
        assertThat(operation.status()).isEqualTo(Status.EXECUTED);
        assertThat(operation.decidedBy()).isEqualTo(OPERATOR.id());
        assertThat(operation.transactionId()).isNotNull();
        assertThat(entriesUnderKey(carol.actor(), key)).isEqualTo(1);
        assertThat(bank.balance(carol.main())).hasToString("600.00 EUR");
        assertThat(bank.balance(carol.second())).hasToString("400.00 EUR");

        ToolResult retry = transfer(carol.principal(), HumanConfirmation.UNAVAILABLE, carol.main(), carol.second(), "400.00", key);
        assertThat(status(retry)).isEqualTo("ALREADY_POSTED");
        assertThat(transactionId(retry)).isEqualTo(operation.transactionId());
        assertThat(entriesBy(carol.actor())).isEqualTo(1);
        assertThat(bank.balance(carol.main())).hasToString("600.00 EUR");
    }

    @Test
    void approvingTwicePostsOnceAndTheSecondApprovalSaysItWasAlreadyPosted() {
        Holder dan = holder("1000.00");
        String id = awaiting(dan, "500.00", key());

        Approvals.Decision first = approvals().approve(id, OPERATOR, "cli");
        Approvals.Decision second = approvals().approve(id, OTHER_OPERATOR, "cli");

        assertThat(first.done()).isTrue();
        assertThat(second.done()).isFalse();
        assertThat(second.message()).contains("already approved and posted").contains("nothing more was posted");
        assertThat(entriesBy(dan.actor())).isEqualTo(1);
        assertThat(bank.balance(dan.main())).hasToString("500.00 EUR");
        assertThat(pending(id).decidedBy()).as("the first approver stays on record").isEqualTo(OPERATOR.id());
    }

    @Test
    void twoOperatorsApprovingTheSameRequestAtOnceStillPostItOnce() throws Exception {
        List<Holder> holders = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Holder holder = holder("1000.00");
            holders.add(holder);
            ids.add(awaiting(holder, "700.00", key()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String id : ids) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Approvals.Decision> one = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return approvals().approve(id, OPERATOR, "cli");
                });
                Future<Approvals.Decision> two = pool.submit(() -> {
                    together.await(10, TimeUnit.SECONDS);
                    return approvals().approve(id, OTHER_OPERATOR, "cli");
                });
                Approvals.Decision a = one.get(30, TimeUnit.SECONDS);
                Approvals.Decision b = two.get(30, TimeUnit.SECONDS);
                assertThat(a.done() || b.done()).as("%s / %s", a.message(), b.message()).isTrue();
                assertThat(pending(id).status()).isEqualTo(Status.EXECUTED);
            }
        } finally {
            pool.shutdownNow();
        }
        for (Holder holder : holders) {
            assertThat(entriesBy(holder.actor())).as("postings by %s", holder.actor()).isEqualTo(1);
            assertThat(bank.balance(holder.main())).hasToString("300.00 EUR");
            assertThat(bank.balance(holder.second())).hasToString("700.00 EUR");
            assertThat(outflowMinorToday(holder.actor())).as("counted once against the daily limit").isEqualTo(70_000);
        }
    }

    @Test
    void aRejectedRequestNeverPostsAndALaterApprovalSaysItWasRejected() {
        Holder erin = holder("1000.00");
        String key = key();
        String id = awaiting(erin, "600.00", key);

        Approvals.Decision rejected = approvals().reject(id, OPERATOR, "cli");
        Approvals.Decision laterApproval = approvals().approve(id, OTHER_OPERATOR, "cli");
        ToolResult retry = transfer(erin.principal(), HumanConfirmation.UNAVAILABLE, erin.main(), erin.second(), "600.00", key);
        ToolResult retryWithHuman = transfer(erin.principal(), ScriptedHuman.approving(erin.actor()), erin.main(), erin.second(),
                "600.00", key);

        assertThat(rejected.done()).isTrue();
        assertThat(rejected.message()).contains("rejected").contains("nothing was posted");
        assertThat(laterApproval.done()).isFalse();
        assertThat(laterApproval.message()).contains("rejected by " + OPERATOR.id()).contains("nothing was posted");
        assertThat(refused(retry)).contains(id).contains("rejected");
        assertThat(refused(retryWithHuman)).as("a rejected request cannot be revived under its key").contains("rejected");
        assertThat(pending(id).status()).isEqualTo(Status.REJECTED);
        assertThat(entriesBy(erin.actor())).isZero();
        assertThat(bank.balance(erin.main())).hasToString("1000.00 EUR");
    }

    @Test
    void aRejectedRequestStaysRejectedForItsKeyEvenAfterTheThresholdIsRaisedAboveItsAmount() {
        Holder fay = holder("1000.00");
        String key = key();
        String id = awaiting(fay, "600.00", key);
        approvals().reject(id, OPERATOR, "cli");

        bank.runtime().spendingPolicies().set(fay.principal(), Optional.of(new BigDecimal("700.00")), Optional.empty(),
                Optional.empty());
        ToolResult retry = transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "600.00", key);

        assertThat(refused(retry)).contains(id).contains("rejected");
        assertThat(entriesBy(fay.actor())).isZero();
        assertThat(bank.balance(fay.main())).hasToString("1000.00 EUR");
    }

    @Test
    void anExpiredRequestNeverPostsEvenWhenApprovedAfterwards() {
        Holder fay = holder("1000.00");
        String key = key();
        String id = awaiting(fay, "700.00", key);

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        Approvals.Decision approval = approvals().approve(id, OPERATOR, "cli");
        Approvals.Decision secondApproval = approvals().approve(id, OPERATOR, "cli");
        ToolResult retry = transfer(fay.principal(), HumanConfirmation.UNAVAILABLE, fay.main(), fay.second(), "700.00", key);

        assertThat(approval.done()).isFalse();
        assertThat(approval.message()).contains("expired").contains("nothing was posted");
        assertThat(secondApproval.done()).isFalse();
        assertThat(bank.runtime().approvals().reject(id, OPERATOR, "cli").message()).contains("expired");
        assertThat(refused(retry)).contains("expired").contains("nothing was posted");
        assertThat(pending(id).status()).isEqualTo(Status.EXPIRED);
        assertThat(entriesBy(fay.actor())).isZero();
        assertThat(bank.balance(fay.main())).hasToString("1000.00 EUR");
    }

    @Test
    void aRequestExpiresExactlyFifteenMinutesAfterItWasMade() {
        Holder gil = holder("1000.00");
        String id = awaiting(gil, "120.00", key());
        clock.advance(Duration.ofMinutes(15));

        Approvals.Decision approval = approvals().approve(id, OPERATOR, "cli");

        assertThat(approval.done()).as(approval.message()).isFalse();
        assertThat(approval.message()).contains("expired");
        assertThat(entriesBy(gil.actor())).isZero();
    }

    @Test
    void aRequestApprovedOneSecondBeforeItExpiresPosts() {
        Holder hal = holder("1000.00");
        String id = awaiting(hal, "130.00", key());
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));

        Approvals.Decision approval = approvals().approve(id, OPERATOR, "cli");

        assertThat(approval.done()).as(approval.message()).isTrue();
        assertThat(entriesBy(hal.actor())).isEqualTo(1);
        assertThat(bank.balance(hal.second())).hasToString("130.00 EUR");
    }

    @Test
    void expiredRequestsAreMarkedExpiredByTheSweepAndNoLongerListedAsOpen() {
        Holder ida = holder("1000.00");
        String id = awaiting(ida, "140.00", key());
        assertThat(bank.runtime().pendingOperations().all(true, 500)).extracting(PendingOperation::id).contains(id);

        clock.advance(Duration.ofMinutes(16));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> beforeSweep = (List<Map<String, Object>>) ok(call(ida.principal(), HumanConfirmation.UNAVAILABLE,
                "list_pending_operations", Map.of())).get("operations");
        assertThat(beforeSweep).singleElement().satisfies(o -> assertThat(o.get("state")).as("shown expired before any sweep")
                .isEqualTo("EXPIRED"));
        int swept = bank.runtime().pendingOperations().expireDue();

        assertThat(swept).isPositive();
        assertThat(pending(id).status()).isEqualTo(Status.EXPIRED);
        assertThat(bank.runtime().pendingOperations().all(true, 500)).extracting(PendingOperation::id).doesNotContain(id);
        assertThat(approvals().approve(id, OPERATOR, "cli").done()).isFalse();
        assertThat(entriesBy(ida.actor())).isZero();
    }

    @Test
    void aRejectionAfterApprovalIsRefusedAndTheMoneyStaysPostedOnce() {
        Holder jo = holder("1000.00");
        String id = awaiting(jo, "210.00", key());
        approvals().approve(id, OPERATOR, "cli");

        Approvals.Decision late = approvals().reject(id, OTHER_OPERATOR, "cli");

        assertThat(late.done()).isFalse();
        assertThat(late.message()).contains("executed").contains("can no longer be rejected");
        assertThat(pending(id).status()).isEqualTo(Status.EXECUTED);
        assertThat(entriesBy(jo.actor())).isEqualTo(1);
    }

    @Test
    void anUnknownApprovalIdIsReportedClearlyAndChangesNothing() {
        var before = bank.snapshot();

        Approvals.Decision approve = approvals().approve("APR-NOSUCH99", OPERATOR, "cli");
        Approvals.Decision reject = approvals().reject("APR-NOSUCH99", OPERATOR, "cli");

        assertThat(approve.done()).isFalse();
        assertThat(approve.message()).isEqualTo("no approval request APR-NOSUCH99");
        assertThat(reject.done()).isFalse();
        assertThat(reject.message()).isEqualTo("no approval request APR-NOSUCH99");
        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Test
    void approvalIdsAreAcceptedInLowerCaseAndWithSurroundingSpaces() {
        Holder kim = holder("1000.00");
        String id = awaiting(kim, "220.00", key());

        Approvals.Decision decision = approvals().approve("  " + id.toLowerCase() + " ", OPERATOR, "cli");

        assertThat(decision.done()).as(decision.message()).isTrue();
        assertThat(entriesBy(kim.actor())).isEqualTo(1);
    }

    @Test
    void anApprovedRequestThatCanNoLongerBePostedFailsWithTheReasonAndPostsNothing() {
        Holder lou = holder("1000.00");
        String id = awaiting(lou, "800.00", key());
        bank.withdraw(lou.main(), "500.00"); // the money is gone before the operator approves

        Approvals.Decision decision = approvals().approve(id, OPERATOR, "cli");

        assertThat(decision.done()).isFalse();
        assertThat(decision.message()).contains("approved but not posted").containsIgnoringCase("insufficient");
        assertThat(pending(id).status()).isEqualTo(Status.FAILED);
        assertThat(entriesBy(lou.actor())).isZero();
        assertThat(bank.balance(lou.main())).hasToString("500.00 EUR");
        assertThat(outflowMinorToday(lou.actor())).isZero();
    }

    @Test
    void listPendingOperationsShowsEachRequestsStateAndChangesNothing() {
        Holder max = holder("1000.00");
        String approved = awaiting(max, "310.00", key());
        String waiting = awaiting(max, "320.00", key());
        String rejected = awaiting(max, "330.00", key());
        approvals().approve(approved, OPERATOR, "cli");
        approvals().reject(rejected, OPERATOR, "cli");
        var before = bank.snapshot();

        ToolResult listed = call(max.principal(), HumanConfirmation.UNAVAILABLE, "list_pending_operations", Map.of());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> operations = (List<Map<String, Object>>) ok(listed).get("operations");
        assertThat(operations).extracting(o -> o.get("approval_id")).containsExactlyInAnyOrder(approved, waiting, rejected);
        Map<String, Object> byId = operations.stream().collect(java.util.stream.Collectors.toMap(
                o -> (String) o.get("approval_id"), o -> o.get("state")));
        assertThat(byId).containsEntry(approved, "EXECUTED").containsEntry(waiting, "PENDING").containsEntry(rejected, "REJECTED");
        assertThat(operations).filteredOn(o -> approved.equals(o.get("approval_id")))
                .singleElement().satisfies(o -> assertThat(o.get("transaction_id")).isNotNull());
        var after = bank.snapshot();
        assertThat(after.journalEntries()).isEqualTo(before.journalEntries());
        assertThat(after.balanceSumMinor()).isEqualTo(before.balanceSumMinor());
        assertThat(pending(waiting).status()).as("listing decides nothing").isEqualTo(Status.PENDING);
    }

    @Test
    void aCustomerSeesOnlyTheirOwnRequests() {
        Holder ned = holder("1000.00");
        Holder ola = holder("1000.00");
        String nedsRequest = awaiting(ned, "340.00", key());
        awaiting(ola, "350.00", key());

        ToolResult listed = call(ned.principal(), HumanConfirmation.UNAVAILABLE, "list_pending_operations", Map.of());

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> operations = (List<Map<String, Object>>) ok(listed).get("operations");
        assertThat(operations).extracting(o -> o.get("approval_id")).containsExactly(nedsRequest);
    }

    @Test
    void aTransferWithoutAReferenceCanStillWaitForApproval() {
        Holder pia = holder("1000.00");

        ToolResult result = call(pia.principal(), HumanConfirmation.UNAVAILABLE, "transfer",
                transferArgs(pia.main(), pia.second(), "150.00", null, key()));

        assertThat(result.isError()).as("a reference is optional; got: %s", result.text()).isFalse();
        assertThat(status(result)).isEqualTo("AWAITING_APPROVAL");
        String id = (String) ok(result).get("approval_id");
        assertThat(approvals().approve(id, OPERATOR, "cli").done()).isTrue();
        assertThat(bank.balance(pia.second())).hasToString("150.00 EUR");
    }
}
