package dev.agentbank.ledger;

import dev.agentbank.accounts.Account;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.Session;

/**
 * The bank's settlement account per currency. {@code Accounts.open} creates it with the first customer account
 * in that currency, so the ledger only ever reads it, on the connection it already holds.
 */
final class SettlementAccounts {
    private final Map<Currency, Account> accounts = new ConcurrentHashMap<>();

    /** The same lookup on a bare connection, for the hot path. */
    Account of(java.sql.Connection connection, Currency currency) throws java.sql.SQLException {
        Account cached = accounts.get(currency);
        if (cached != null) {
            return cached;
        }
        Account found = JournalWriter.settlement(connection, currency)
                .orElseThrow(() -> new IllegalStateException("no settlement account for " + currency));
        accounts.putIfAbsent(currency, found);
        return found;
    }

    /** Never locked: its balance is not cached, so postings to it only add rows. */
    Account of(Session session, Currency currency) {
        Account cached = accounts.get(currency);
        if (cached != null) {
            return cached;
        }
        Account found = session
                .createSelectionQuery("from Account a where a.kind = SETTLEMENT and a.currency = :currency", Account.class)
                .setParameter("currency", currency.getCurrencyCode())
                .uniqueResultOptional()
                .orElseThrow(() -> new IllegalStateException("no settlement account for " + currency));
        // Shared read-only across threads: Account#apply leaves settlement accounts untouched.
        session.detach(found);
        accounts.putIfAbsent(currency, found);
        return found;
    }
}
