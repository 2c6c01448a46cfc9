package dev.agentbank.ledger.jdbc;

import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.Receipt;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Immutable;

/**
 * One money movement as read back: immutable, with postings that sum to zero per currency.
 * It is written by {@link JournalWriter}, never through Hibernate.
 */
@Entity
@Immutable
@Table(name = "journal_entry")
public class JournalEntry {
    @Id
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private EntryKind kind;

    @Column(nullable = false)
    private String actor;

    @Column(name = "idempotency_key", nullable = false)
    private String idempotencyKey;

    @Column(name = "request_hash", nullable = false)
    private String requestHash;

    private String reference;

    @Column(name = "reverses_entry_id")
    private Long reversesEntryId;

    @Column(name = "posted_at", nullable = false)
    private Instant postedAt;

    @OneToMany(mappedBy = "entry")
    @OrderBy("id")
    private List<Posting> postings = new ArrayList<>();

    protected JournalEntry() {}

    public Long id() {
        return id;
    }

    public EntryKind kind() {
        return kind;
    }

    public String actor() {
        return actor;
    }

    public String idempotencyKey() {
        return idempotencyKey;
    }

    public String reference() {
        return reference;
    }

    public Long reversesEntryId() {
        return reversesEntryId;
    }

    public Instant postedAt() {
        return postedAt;
    }

    public List<Posting> postings() {
        return List.copyOf(postings);
    }

    /** This entry as callers see it: customer-facing legs only, settlement legs left out. */
    public Receipt receipt() {
        List<Receipt.Leg> legs = postings().stream()
                .filter(p -> !p.account().isInternal())
                .map(p -> new Receipt.Leg(p.account().number(), p.amount(), p.balanceAfter()))
                .toList();
        return new Receipt(id(), kind(), postedAt(), reference(), reversesEntryId(), legs);
    }
}
