package dev.agentbank.fraud.application;

import dev.agentbank.identity.Principal;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * What an analyst does to accounts and held payments. Each needs a reason, is audited with the analyst's identity and
 * writes a note on the alert's case when {@code alertId} is given (0 when none). Refusals throw
 * {@link dev.agentbank.shared.InvalidRequest} with a sentence for the caller.
 */
public interface AnalystActions {
    /** Debits from a frozen account are refused; credits still arrive. Returns the account's state in words. */
    String freeze(Principal analyst, String account, String reason, long alertId);

    String unfreeze(Principal analyst, String account, String reason, long alertId);

    List<Hold> holds(Principal analyst);

    /** Sends a held payment on: to the provider, or to the internal payee's account. */
    Hold release(Principal analyst, String paymentId, String reason);

    /** Puts a held payment's money back on the payer's account. */
    Hold returnToPayer(Principal analyst, String paymentId, String reason);

    /** Asks a teller to reverse a posted transaction; the teller sees the request and the reason, not the alert. */
    String requestReversal(Principal analyst, long transactionId, String reason, long alertId);

    /** The analysts' reversal requests of the last 30 days, newest first, for tellers (who may reverse transactions). */
    List<ReversalRequest> reversalRequests(Principal teller);

    /** What a teller sees of a reversal request: the transaction, why, who asked and when; never the alert. */
    record ReversalRequest(long id, long transactionId, String reason, String requestedBy, Instant requestedAt) {}

    /** A payment screening held: its money sits in clearing until an analyst decides, or 48 hours pass. */
    record Hold(String paymentId, long alertId, long customerId, String fromAccount, String payee, Money amount, Instant heldAt,
                Instant returnsAt, String state) {}
}
