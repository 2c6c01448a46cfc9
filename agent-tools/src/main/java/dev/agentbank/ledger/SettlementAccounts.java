package dev.agentbank.ledger;

import dev.agentbank.accounts.Account;
import java.time.Clock;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.SessionFactory;

/** Finds (creating on first use) the bank's settlement account for a currency. */
final class SettlementAccounts {
    private final SessionFactory sessionFactory;
    private final Clock clock;
    private final Map<Currency, Account> accounts = new ConcurrentHashMap<>();

    SettlementAccounts(SessionFactory sessionFactory, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.clock = clock;
    }

    /** The settlement account, never locked: its balance is not cached, so postings only add rows. */
    Account of(Currency currency) {
        return accounts.computeIfAbsent(currency, this::findOrCreate);
    }

    private Account findOrCreate(Currency currency) {
        for (int attempt = 0; ; attempt++) {
            Account existing = sessionFactory.fromTransaction(session -> session
                    .createSelectionQuery("from Account a where a.kind = SETTLEMENT and a.currency = :currency", Account.class)
                    .setParameter("currency", currency.getCurrencyCode())
                    .uniqueResultOptional().orElse(null));
            if (existing != null) {
                return existing;
            }
            try {
                return sessionFactory.fromTransaction(session -> {
                    Account account = Account.settlement(currency, Instant.now(clock));
                    session.persist(account);
                    return account;
                });
            } catch (RuntimeException raced) {
                if (attempt > 2) {
                    throw raced;
                }
            }
        }
    }
}
