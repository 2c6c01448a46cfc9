package dev.agentbank.ledger.application;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.ledger.jdbc.JournalWriter;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.Fingerprint;
import dev.agentbank.ledger.model.NewEntry;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credits a newly opened account with the opening balance the provider gave it, from the settlement account,
 * inside the caller's transaction (the one that stores the account). The idempotency key makes a second
 * attempt for the same opening a no-op, so an opening balance is posted at most once.
 */
public final class OpeningBalances {
    private OpeningBalances() {}

    /** The new entry's id, or empty when this key has already posted the opening balance. */
    public static Optional<Long> post(Connection connection, Actor actor, AccountNumber account, Money amount,
                                      IdempotencyKey key, Instant postedAt) throws SQLException {
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("an opening balance must be positive");
        }
        String fingerprint = Fingerprint.of(EntryKind.OPENING, account, amount.amount(), amount.currency());
        JournalWriter.Locked locked = JournalWriter.lockByNumber(connection, List.of(account.value()), actor.id(), key.value());
        if (locked.earlier().isPresent()) {
            if (!locked.earlier().get().fingerprint().equals(fingerprint)) {
                throw new IllegalStateException("opening key " + key + " already posted something else");
            }
            return Optional.empty();
        }
        Account target = locked.accounts().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no account " + account + " to credit"));
        Optional<Refusal> refusal = target.refusalToCredit(amount);
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get().message());
        }
        Account settlement = JournalWriter.settlement(connection, amount.currency())
                .orElseThrow(() -> new IllegalStateException("no settlement account for " + amount.currency()));
        NewEntry entry = new NewEntry(EntryKind.OPENING, key, fingerprint, actor, "opening balance", null, postedAt)
                .post(target, amount)
                .post(settlement, amount.negate());
        entry.requireBalanced();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("account", account.value());
        details.put("amount", amount.amount());
        details.put("currency", amount.currency().getCurrencyCode());
        details.put("idempotency_key", key.value());
        return Optional.of(JournalWriter.write(connection, entry, "opening_balance", details, Optional.empty()));
    }
}
