package dev.agentbank.ledger.jdbc;

import dev.agentbank.accounts.model.Account;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bank's settlement account per currency. {@code Accounts.open} creates it with the first customer account
 * in that currency, so the ledger only ever reads it, on the connection it already holds.
 */
public final class SettlementAccounts {
    private final Map<Currency, Account> accounts = new ConcurrentHashMap<>();
    private final Map<Currency, Account> incomes = new ConcurrentHashMap<>();

    /** Never locked: its balance is not cached, so postings to it only add rows. Shared read-only across threads. */
    public Account of(Connection connection, Currency currency) throws SQLException {
        Account cached = accounts.get(currency);
        if (cached != null) {
            return cached;
        }
        Account found = JournalWriter.settlement(connection, currency)
                .orElseThrow(() -> new IllegalStateException("no settlement account for " + currency));
        accounts.putIfAbsent(currency, found);
        return found;
    }

    /** The bank's fee and interest income account of a currency; {@code Accounts.openLoan} creates it with the first loan. */
    public Account income(Connection connection, Currency currency) throws SQLException {
        Account cached = incomes.get(currency);
        if (cached != null) {
            return cached;
        }
        Account found = JournalWriter.income(connection, currency)
                .orElseThrow(() -> new IllegalStateException("no income account for " + currency));
        incomes.putIfAbsent(currency, found);
        return found;
    }
}
