package dev.agentbank.ledger.model;

import dev.agentbank.ledger.jdbc.JournalEntry;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;

/** A posted journal entry as callers see it: customer-facing legs only, settlement legs left out. */
public record Receipt(long transactionId, EntryKind kind, Instant postedAt, String reference, Long reversesTransactionId,
                     List<Leg> legs) {

    public record Leg(AccountNumber account, Money amount, Money balanceAfter) {}

    public static Receipt of(JournalEntry entry) {
        List<Leg> legs = entry.postings().stream()
                .filter(p -> !p.account().isSettlement())
                .map(p -> new Leg(p.account().number(), p.amount(), p.balanceAfter()))
                .toList();
        return new Receipt(entry.id(), entry.kind(), entry.postedAt(), entry.reference(), entry.reversesEntryId(), legs);
    }

    public Leg legFor(AccountNumber account) {
        return legs.stream().filter(l -> l.account().equals(account)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no leg for " + account));
    }
}
