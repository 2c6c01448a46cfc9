package dev.agentbank.ledger.jdbc;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's own accounts per currency: settlement and clearing ({@code Accounts.open} creates them with the first
 * customer account in that currency) and income ({@code Accounts.openLoan}, with the first loan). The ledger only
 * ever reads them, on the connection it already holds. Never locked: their balance is not cached, so postings to
 * them only add rows. Shared read-only across threads.
 */
public final class SettlementAccounts {
    private record Key(AccountKind kind, Currency currency) {}

    private final Map<Key, Account> accounts = new ConcurrentHashMap<>();

    public Account of(Connection connection, Currency currency) throws SQLException {
        return of(connection, AccountKind.SETTLEMENT, currency);
    }

    public Account income(Connection connection, Currency currency) throws SQLException {
        return of(connection, AccountKind.INCOME, currency);
    }

    public Account clearing(Connection connection, Currency currency) throws SQLException {
        return of(connection, AccountKind.CLEARING, currency);
    }

    private Account of(Connection connection, AccountKind kind, Currency currency) throws SQLException {
        Key key = new Key(kind, currency);
        Account cached = accounts.get(key);
        if (cached != null) {
            return cached;
        }
        Account found = JournalWriter.internal(connection, kind, currency)
                .orElseThrow(() -> new IllegalStateException("no " + kind + " account for " + currency));
        accounts.putIfAbsent(key, found);
        return found;
    }
}
