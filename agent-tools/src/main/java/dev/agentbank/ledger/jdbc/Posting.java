package dev.agentbank.ledger.jdbc;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.shared.money.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Currency;
import org.hibernate.annotations.Immutable;

/** One leg of a journal entry: a signed amount on one account, with that account's balance after it. */
@Entity
@Immutable
@Table(name = "posting")
public class Posting {
    @Id
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "entry_id")
    private JournalEntry entry;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "account_id")
    private Account account;

    @Column(name = "account_seq")
    private Long accountSeq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EntryKind kind;

    @Column(name = "amount_minor", nullable = false)
    private long amountMinor;

    @Column(nullable = false, length = 3)
    private String currency;

    @Column(name = "balance_after_minor")
    private Long balanceAfterMinor;

    @Column(name = "posted_at", nullable = false)
    private Instant postedAt;

    protected Posting() {}

    public JournalEntry entry() {
        return entry;
    }

    public Long accountSeq() {
        return accountSeq;
    }

    public Account account() {
        return account;
    }

    public Money amount() {
        return Money.ofMinor(amountMinor, Currency.getInstance(currency));
    }

    /** Null for settlement accounts, whose balance is not cached. */
    public Money balanceAfter() {
        return balanceAfterMinor == null ? null : Money.ofMinor(balanceAfterMinor, Currency.getInstance(currency));
    }
}
