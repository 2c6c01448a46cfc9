package dev.agentbank.ledger.application;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.jdbc.JournalEntry;
import dev.agentbank.ledger.jdbc.Posting;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.HistoryQuery;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hibernate.SessionFactory;

/** Read side of the ledger: balances, history pages and single transactions. */
public final class AccountHistory {
    private final SessionFactory sessionFactory;

    public AccountHistory(SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    public record Row(long transactionId, Instant postedAt, EntryKind kind, Money amount, Money balanceAfter, String reference) {}

    public record Page(AccountNumber account, List<Row> rows, Optional<String> nextCursor) {}

    public Optional<Page> page(AccountNumber number, HistoryQuery query) {
        return sessionFactory.fromTransaction(session -> {
            Account account = session.createSelectionQuery("from Account where number = :n and customerId is not null", Account.class)
                    .setParameter("n", number.value()).uniqueResult();
            if (account == null) {
                return Optional.<Page>empty();
            }
            List<Posting> postings = session.createSelectionQuery("""
                    from Posting p join fetch p.entry
                    where p.account.id = :account and p.accountSeq < :before
                      and p.postedAt >= :from and p.postedAt < :to and p.kind in :kinds
                    order by p.accountSeq desc""", Posting.class)
                    .setParameter("account", account.id())
                    .setParameter("before", query.before().orElse(Long.MAX_VALUE))
                    .setParameter("from", query.from().orElse(Instant.EPOCH))
                    .setParameter("to", query.to().orElse(Instant.parse("9999-12-31T00:00:00Z")))
                    .setParameter("kinds", query.kinds())
                    .setMaxResults(query.limit() + 1)
                    .getResultList();
            List<Row> rows = postings.stream().limit(query.limit()).map(AccountHistory::row).toList();
            Optional<String> next = postings.size() > query.limit()
                    ? Optional.of(HistoryQuery.encodeCursor(postings.get(query.limit() - 1).accountSeq()))
                    : Optional.empty();
            return Optional.of(new Page(number, rows, next));
        });
    }

    public Optional<Receipt> transaction(long id) {
        return sessionFactory.fromTransaction(session -> Optional.ofNullable(session.find(JournalEntry.class, id)).map(JournalEntry::receipt));
    }

    private static Row row(Posting posting) {
        JournalEntry entry = posting.entry();
        return new Row(entry.id(), entry.postedAt(), entry.kind(), posting.amount(), posting.balanceAfter(), entry.reference());
    }
}
