package dev.agentbank.mcp.web;

import dev.agentbank.fraud.application.AnalystActions;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Freezes and holds in memory, recording each call for the tests. */
final class FakeAnalystActions implements AnalystActions {
    private final Set<String> frozen = ConcurrentHashMap.newKeySet();
    private final List<Hold> holds = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    void hold(Hold hold) {
        holds.add(hold);
    }

    List<String> calls() {
        return List.copyOf(calls);
    }

    boolean frozen(String account) {
        return frozen.contains(account);
    }

    @Override
    public String freeze(Principal analyst, String account, String reason, long alertId) {
        FakeAlertDesk.check(analyst);
        if (!frozen.add(account)) {
            throw new InvalidRequest("Account " + account + " is already frozen.");
        }
        calls.add("freeze " + account + " for alert " + alertId);
        return "Account " + account + " is frozen: debits are refused, credits still arrive.";
    }

    @Override
    public String unfreeze(Principal analyst, String account, String reason, long alertId) {
        FakeAlertDesk.check(analyst);
        if (!frozen.remove(account)) {
            throw new InvalidRequest("Account " + account + " is not frozen.");
        }
        calls.add("unfreeze " + account + " for alert " + alertId);
        return "Account " + account + " is open again.";
    }

    @Override
    public List<Hold> holds(Principal analyst) {
        FakeAlertDesk.check(analyst);
        return List.copyOf(holds);
    }

    @Override
    public Hold release(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, "RELEASED");
    }

    @Override
    public Hold returnToPayer(Principal analyst, String paymentId, String reason) {
        return decide(analyst, paymentId, "RETURNED");
    }

    @Override
    public String requestReversal(Principal analyst, long transactionId, String reason, long alertId) {
        FakeAlertDesk.check(analyst);
        calls.add("reversal " + transactionId);
        return "Reversal requested.";
    }

    @Override
    public List<ReversalRequest> reversalRequests(Principal teller) {
        return List.of();
    }

    private Hold decide(Principal analyst, String paymentId, String state) {
        FakeAlertDesk.check(analyst);
        Hold hold = holds.stream().filter(h -> h.paymentId().equals(paymentId)).findFirst()
                .orElseThrow(() -> new InvalidRequest("Payment " + paymentId + " is not held."));
        holds.remove(hold);
        Hold decided = new Hold(hold.paymentId(), hold.alertId(), hold.customerId(), hold.fromAccount(), hold.payee(), hold.amount(),
                hold.heldAt(), hold.returnsAt(), state);
        calls.add(state.toLowerCase() + " " + paymentId);
        return decided;
    }
}
