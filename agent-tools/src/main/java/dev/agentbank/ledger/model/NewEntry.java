package dev.agentbank.ledger.model;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A journal entry being assembled under the accounts' locks, before it is written. */
public final class NewEntry {
    public record Leg(Account account, Money amount, Long accountSeq, Money balanceAfter) {}

    private final EntryKind kind;
    private final Actor actor;
    private final IdempotencyKey key;
    private final String fingerprint;
    private final String reference;
    private final Long reverses;
    private final Instant postedAt;
    private final List<Leg> legs = new ArrayList<>();

    public NewEntry(Commands.Command command, Actor actor, String reference, Long reverses, Instant postedAt) {
        this(command.kind(), command.idempotencyKey(), command.fingerprint(), actor, reference, reverses, postedAt);
    }

    /** An entry that is not a customer command, such as an opening balance. */
    public NewEntry(EntryKind kind, IdempotencyKey key, String fingerprint, Actor actor, String reference, Long reverses, Instant postedAt) {
        this.kind = kind;
        this.actor = actor;
        this.key = key;
        this.fingerprint = fingerprint;
        this.reference = reference;
        this.reverses = reverses;
        this.postedAt = postedAt;
    }

    /** Adds a leg. The account has already agreed to it (see Account#refusalToDebit). */
    public NewEntry post(Account account, Money signedAmount) {
        long seq = account.apply(signedAmount);
        legs.add(account.isInternal()
                ? new Leg(account, signedAmount, null, null)
                : new Leg(account, signedAmount, seq, account.balance()));
        return this;
    }

    /** The double-entry rule, checked before anything is written (the database checks it again at commit). */
    public void requireBalanced() {
        Map<String, Long> sums = new HashMap<>();
        legs.forEach(leg -> sums.merge(leg.amount().currency().getCurrencyCode(), leg.amount().minorUnits(), Math::addExact));
        if (legs.size() < 2 || sums.values().stream().anyMatch(sum -> sum != 0)) {
            throw new IllegalStateException("unbalanced journal entry " + kind + " " + sums);
        }
    }

    public Receipt receipt(long id) {
        List<Receipt.Leg> visible = legs.stream()
                .filter(leg -> !leg.account().isInternal())
                .map(leg -> new Receipt.Leg(leg.account().number(), leg.amount(), leg.balanceAfter()))
                .toList();
        return new Receipt(id, kind, postedAt, reference, reverses, visible);
    }

    public EntryKind kind() {
        return kind;
    }

    public Actor actor() {
        return actor;
    }

    public IdempotencyKey key() {
        return key;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String reference() {
        return reference;
    }

    public Long reverses() {
        return reverses;
    }

    public Instant postedAt() {
        return postedAt;
    }

    public List<Leg> legs() {
        return List.copyOf(legs);
    }
}
