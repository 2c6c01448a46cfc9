package dev.agentbank.accounts.jdbc;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.customers.Customer;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.AuditLog;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.jdbc.Transactions;
import dev.agentbank.shared.money.Money;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/** Opens accounts in the local ledger and looks them up. */
public final class Accounts {
    private final Jdbc jdbc;
    private final SessionFactory sessionFactory;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Clock clock;

    public Accounts(SessionFactory sessionFactory, DataSource dataSource, AuditLog audit, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.sessionFactory = sessionFactory;
        this.transactions = new Transactions(sessionFactory);
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens an empty account for an existing customer. */
    public Account open(Actor actor, long customerId, AccountKind kind, Currency currency, Money overdraftLimit) {
        return transactions.runRetryingDuplicates(session -> {
            if (session.find(Customer.class, customerId) == null) {
                throw new InvalidRequest("No customer " + customerId + " was found.");
            }
            long serial = session.createNativeQuery("select nextval('account_number_seq')", Long.class).getSingleResult();
            Account account = Account.open(AccountNumber.fromSerial(serial), customerId, kind, currency, overdraftLimit,
                    Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
            return persistOpened(session, actor, account, Map.of("overdraft_limit", overdraftLimit.amount()));
        });
    }

    /**
     * Opens, in the caller's transaction, a customer's loan account for a principal (see {@link AccountKind#LOAN}), with the
     * income account its currency needs for fees and interest, and audits it. The caller commits: lending stores the
     * loan in the same transaction, so a loan and its account exist together or not at all.
     */
    public Account openLoan(org.hibernate.Session session, Actor actor, long customerId, Money principal, String loanId) {
        if (session.find(Customer.class, customerId) == null) {
            throw new InvalidRequest("No customer " + customerId + " was found.");
        }
        long serial = session.createNativeQuery("select nextval('account_number_seq')", Long.class).getSingleResult();
        Account account = Account.openLoan(AccountNumber.fromSerial(serial), customerId, principal,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        Account opened = persistOpened(session, actor, account, Map.of("loan_id", loanId, "principal", principal.amount()));
        ensureInternal(session, AccountKind.INCOME, principal.currency());
        return opened;
    }

    /**
     * Records, in the caller's transaction, an account the retail-banking provider has opened under its own number,
     * with the settlement account its currency needs and the audit event. The caller commits.
     */
    public Account recordOpenedAtProvider(org.hibernate.Session session, Actor actor, AccountNumber number, long customerId,
                                          AccountKind kind, Currency currency, String name, Map<String, Object> auditDetails) {
        Account account = Account.openedAtProvider(number, customerId, kind, currency, name,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        return persistOpened(session, actor, account, auditDetails);
    }

    /** Stores a new account, with its currency's settlement account if missing, and audits the opening. */
    private Account persistOpened(org.hibernate.Session session, Actor actor, Account account, Map<String, Object> extraDetails) {
        session.persist(account);
        ensureInternal(session, AccountKind.SETTLEMENT, account.currency());
        ensureInternal(session, AccountKind.CLEARING, account.currency());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("account", account.rawNumber());
        details.put("customer_id", account.customerId());
        details.put("kind", account.kind().name());
        details.put("currency", account.currency().getCurrencyCode());
        details.putAll(extraDetails);
        audit.record(session, actor, "open_account", "account:" + account.rawNumber(), details, "opened");
        return account;
    }

    /**
     * The bank's own account of a kind and currency (settlement and clearing come with a currency's first account,
     * income with its first loan). A racing first one in the same currency hits the unique index; the caller's
     * transaction retries and finds it.
     */
    private void ensureInternal(org.hibernate.Session session, AccountKind kind, Currency currency) {
        boolean exists = session.createSelectionQuery(
                        "select count(*) from Account where kind = :kind and currency = :currency", Long.class)
                .setParameter("kind", kind)
                .setParameter("currency", currency.getCurrencyCode())
                .getSingleResult() > 0;
        if (!exists) {
            session.persist(Account.internal(kind, currency, Instant.now(clock).truncatedTo(ChronoUnit.MICROS)));
        }
    }

    /**
     * A customer account by number, read on a bare pooled connection: tools look accounts up on every call,
     * and a Hibernate session per lookup cost more CPU than the rest of a tool call together.
     */
    public Optional<Account> find(AccountNumber number) {
        return jdbc.query("read account " + number, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + AccountRows.COLUMNS + " FROM account WHERE number = ? AND customer_id IS NOT NULL")) {
                select.setString(1, number.value());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(AccountRows.read(rows)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Freezes or unfreezes a customer account, with the reason in the audit log. One statement, so it never writes back
     * a balance read earlier; a posting holding the row finishes first. A closed account stays closed. Empty when no
     * customer account has the number.
     */
    public Optional<AccountStatus> setFrozen(Actor actor, AccountNumber number, boolean frozen, String reason) {
        return jdbc.inTransaction((frozen ? "freeze " : "unfreeze ") + number, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE account SET status = CASE WHEN status = 'CLOSED' THEN status ELSE ? END"
                            + " WHERE number = ? AND customer_id IS NOT NULL RETURNING status")) {
                update.setString(1, (frozen ? AccountStatus.FROZEN : AccountStatus.OPEN).name());
                update.setString(2, number.value());
                try (ResultSet rows = update.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.<AccountStatus>empty();
                    }
                    AccountStatus now = AccountStatus.valueOf(rows.getString(1));
                    audit.record(connection, actor, frozen ? "freeze_account" : "unfreeze_account", "account:" + number,
                            Map.of("reason", reason, "status", now.name()), "done");
                    return Optional.of(now);
                }
            }
        });
    }

    public List<Account> ofCustomer(long customerId) {
        return sessionFactory.fromTransaction(session -> session
                .createSelectionQuery("from Account where customerId = :customer order by id", Account.class)
                .setParameter("customer", customerId)
                .getResultList());
    }
}
