package dev.agentbank.accounts.application;

import dev.agentbank.accounts.jdbc.Accounts;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.AccountStatus;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hibernate.Session;

/** Account lookups for tools and front ends; {@link #visibleTo} applies a principal's reach. */
public final class AccountDirectory {
    private final Accounts accounts;

    public AccountDirectory(Accounts accounts) {
        this.accounts = accounts;
    }

    /** Freezes (debits refused) or unfreezes a customer account; empty when there is none with this number. */
    public Optional<AccountStatus> setFrozen(Actor actor, AccountNumber number, boolean frozen, String reason) {
        return accounts.setFrozen(actor, number, frozen, reason);
    }

    /** A view for one call: it remembers the accounts already found visible, so receipts need not look again. */
    public VisibleAccounts visibleTo(Principal principal) {
        return new VisibleAccounts(accounts, principal);
    }

    public List<Account> ofCustomer(long customerId) {
        return accounts.ofCustomer(customerId);
    }

    /**
     * When the customer's oldest open checking or savings account was opened: how long the bank has known them as an
     * account holder. Empty when they have none open.
     */
    public Optional<Instant> oldestOpenAccountOpenedAt(long customerId) {
        return accounts.ofCustomer(customerId).stream()
                .filter(a -> a.status() == AccountStatus.OPEN)
                .filter(a -> a.kind() == AccountKind.CHECKING || a.kind() == AccountKind.SAVINGS)
                .map(Account::openedAt)
                .min(Comparator.naturalOrder());
    }

    /** Any account, whoever owns it: for describing what a posting does, never for answering a caller. */
    public Optional<Account> find(AccountNumber number) {
        return accounts.find(number);
    }

    /**
     * Opens, in the caller's transaction, a customer's loan account for {@code principal}, and the bank's income account
     * of its currency if it has none yet. The caller commits.
     */
    public Account openLoanAccount(Session session, Actor actor, long customerId, Money principal, String loanId) {
        return accounts.openLoan(session, actor, customerId, principal, loanId);
    }

    /**
     * Records, in the caller's transaction, an account the retail-banking provider opened under its own number, with
     * the settlement account its currency needs and the audit event. The caller commits.
     */
    public Account recordOpenedAtProvider(Session session, Actor actor, AccountNumber number, long customerId, AccountKind kind,
                                          Currency currency, String name, Map<String, Object> auditDetails) {
        return accounts.recordOpenedAtProvider(session, actor, number, customerId, kind, currency, name, auditDetails);
    }
}
