package dev.agentbank.ledger.model;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;

/** A posted journal entry as callers see it: customer-facing legs only, settlement legs left out. */
public record Receipt(long transactionId, EntryKind kind, Instant postedAt, String reference, Long reversesTransactionId,
                     List<Leg> legs) {

    public record Leg(AccountNumber account, Money amount, Money balanceAfter) {}

    public Leg legFor(AccountNumber account) {
        return legs.stream().filter(l -> l.account().equals(account)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no leg for " + account));
    }
}
