package dev.agentbank.accounts.model;

import dev.agentbank.accounts.jdbc.AccountRows;
import dev.agentbank.shared.money.Money;
import java.time.Instant;
import java.util.Currency;
import java.util.Optional;

/**
 * An account and its cached balance. The rules for what may be posted to it live here;
 * the ledger locks it, asks, posts, and lets the transaction save it. Plain Java: its mapping is in
 * {@code db/orm.xml}.
 */
public class Account {
    private Long id;
    private String number;
    private Long customerId;
    private AccountKind kind;
    private String currency;
    private AccountStatus status;
    private long overdraftLimitMinor;
    private Long balanceMinor;
    private long lastSeq;
    private Instant openedAt;

    /** The customer's name for the account, when it was given one at opening. */
    private String name;

    protected Account() {}

    private Account(String number, Long customerId, AccountKind kind, Currency currency, Money overdraftLimit, Instant openedAt) {
        this.number = number;
        this.customerId = customerId;
        this.kind = kind;
        this.currency = currency.getCurrencyCode();
        this.status = AccountStatus.OPEN;
        this.overdraftLimitMinor = overdraftLimit.minorUnits();
        this.balanceMinor = kind.isInternal() ? null : 0L;
        this.openedAt = openedAt;
    }

    /** A customer account, open, empty, and with no overdraft unless one is given. */
    public static Account open(AccountNumber number, long customerId, AccountKind kind, Currency currency,
                               Money overdraftLimit, Instant openedAt) {
        if (kind.isInternal() || kind == AccountKind.LOAN) {
            throw new IllegalArgumentException(kind + " accounts are not opened as customer accounts");
        }
        if (overdraftLimit.isNegative() || !overdraftLimit.currency().equals(currency)) {
            throw new IllegalArgumentException("overdraft limit must be zero or positive, in " + currency);
        }
        return new Account(number.value(), customerId, kind, currency, overdraftLimit, openedAt);
    }

    /** A customer account the retail-banking provider has opened under its own number: open, empty, no overdraft. */
    public static Account openedAtProvider(AccountNumber number, long customerId, AccountKind kind, Currency currency,
                                           String name, Instant openedAt) {
        Account account = open(number, customerId, kind, currency, Money.zero(currency), openedAt);
        account.name = name;
        return account;
    }

    /** An account as stored, read back by plain SQL ({@link AccountRows}). */
    public static Account restore(long id, String number, Long customerId, AccountKind kind, Currency currency,
                                  AccountStatus status, long overdraftLimitMinor, Long balanceMinor, long lastSeq,
                                  Instant openedAt, String name) {
        Account account = new Account();
        account.name = name;
        account.id = id;
        account.number = number;
        account.customerId = customerId;
        account.kind = kind;
        account.currency = currency.getCurrencyCode();
        account.status = status;
        account.overdraftLimitMinor = overdraftLimitMinor;
        account.balanceMinor = balanceMinor;
        account.lastSeq = lastSeq;
        account.openedAt = openedAt;
        return account;
    }

    /**
     * A customer's loan account, empty until the disbursement debits it by the principal: its overdraft limit is the
     * principal, so it can be debited exactly once by that amount and credited back to zero, never beyond.
     */
    public static Account openLoan(AccountNumber number, long customerId, Money principal, Instant openedAt) {
        if (!principal.isPositive()) {
            throw new IllegalArgumentException("a loan's principal must be positive, got " + principal);
        }
        Account account = new Account(number.value(), customerId, AccountKind.LOAN, principal.currency(), principal, openedAt);
        account.name = "Loan";
        return account;
    }

    /** One of the bank's own accounts (settlement, income, clearing) of a currency: no customer, no cached balance. */
    public static Account internal(AccountKind kind, Currency currency, Instant openedAt) {
        if (!kind.isInternal()) {
            throw new IllegalArgumentException(kind + " is a customer account kind");
        }
        return new Account(kind.name() + "-" + currency.getCurrencyCode(), null, kind, currency, Money.zero(currency), openedAt);
    }

    public static Account settlement(Currency currency, Instant openedAt) {
        return internal(AccountKind.SETTLEMENT, currency, openedAt);
    }

    /** Why this account cannot give {@code amount} right now, if it cannot. */
    public Optional<Refusal> refusalToDebit(Money amount) {
        return refusalToDebit(amount, false);
    }

    private Optional<Refusal> refusalToDebit(Money amount, boolean byReversal) {
        if (status == AccountStatus.FROZEN && !byReversal) {
            // the customer's agent hears that it is frozen, never why: nothing that could tip off a fraudster
            return Optional.of(new Refusal(Refusal.Reason.ACCOUNT_NOT_OPEN, "Account " + number
                    + " is frozen: no money can leave it. The customer can contact the bank."));
        }
        Optional<Refusal> basic = refusalToPost(amount);
        if (basic.isPresent() || isInternal()) {
            return basic;
        }
        Money available = available();
        if (amount.isGreaterThan(available)) {
            return Optional.of(new Refusal(Refusal.Reason.INSUFFICIENT_FUNDS,
                    "Insufficient funds in " + number + ": available " + available + ", requested " + amount + "."));
        }
        return Optional.empty();
    }

    /**
     * Why a reversal by staff cannot take {@code amount} back: as for any debit, except that a frozen account gives
     * it up (freezing exists to stop the customer, not the bank, from moving the money).
     */
    public Optional<Refusal> refusalToReverse(Money amount) {
        return refusalToDebit(amount, true);
    }

    public Optional<Refusal> refusalToCredit(Money amount) {
        Optional<Refusal> basic = refusalToPost(amount);
        if (basic.isPresent() || kind != AccountKind.LOAN) {
            return basic;
        }
        Money owed = balance().negate();
        if (amount.isGreaterThan(owed)) {
            return Optional.of(new Refusal(Refusal.Reason.NOT_FOR_LOANS,
                    "Loan account " + number + " owes " + owed + " of principal; it cannot take " + amount + "."));
        }
        return Optional.empty();
    }

    /** A loan account takes only disbursements and repayments, never plain deposits, withdrawals or transfers. */
    public Optional<Refusal> refusalAsPlainAccount() {
        return kind == AccountKind.LOAN
                ? Optional.of(new Refusal(Refusal.Reason.NOT_FOR_LOANS, "Account " + number
                        + " is a loan account: it cannot take deposits, withdrawals or transfers; repay a loan with repay_loan."))
                : Optional.empty();
    }

    /** A frozen account still takes credits (a return of its own held payment, a salary); only debits stop. */
    private Optional<Refusal> refusalToPost(Money amount) {
        if (status == AccountStatus.CLOSED) {
            return Optional.of(new Refusal(Refusal.Reason.ACCOUNT_NOT_OPEN,
                    "Account " + number + " is " + status.name().toLowerCase(java.util.Locale.ROOT) + " and cannot move money."));
        }
        if (!amount.currency().equals(currency())) {
            return Optional.of(new Refusal(Refusal.Reason.CURRENCY_MISMATCH,
                    "Account " + number + " holds " + currency + ", not " + amount.currency().getCurrencyCode() + "."));
        }
        return Optional.empty();
    }

    /**
     * Applies a signed amount to the cached balance and returns the posting's place in this account's
     * history. Callers hold the row lock and have checked the refusals.
     */
    public long apply(Money signedAmount) {
        if (isInternal()) {
            return 0;
        }
        long next = Math.addExact(balanceMinor, signedAmount.minorUnits());
        if (next < -overdraftLimitMinor) {
            throw new IllegalStateException("posting would break the overdraft rule on " + number);
        }
        balanceMinor = next;
        lastSeq++;
        return lastSeq;
    }

    /** Balance plus any overdraft allowance. */
    public Money available() {
        return balance().plus(Money.ofMinor(overdraftLimitMinor, currency()));
    }

    public Money balance() {
        if (isInternal()) {
            throw new IllegalStateException("the bank's own balances are not cached");
        }
        return Money.ofMinor(balanceMinor, currency());
    }

    /** Position of the newest posting in this account's history. */
    public long lastSeq() {
        return lastSeq;
    }

    public boolean isSettlement() {
        return kind == AccountKind.SETTLEMENT;
    }

    /** The bank's own account (settlement or income): no customer, no cached balance, never locked. */
    public boolean isInternal() {
        return kind.isInternal();
    }

    public void freeze() {
        if (status == AccountStatus.CLOSED) {
            throw new IllegalStateException("a closed account cannot be frozen");
        }
        status = AccountStatus.FROZEN;
    }

    public void unfreeze() {
        if (status == AccountStatus.FROZEN) {
            status = AccountStatus.OPEN;
        }
    }

    public Long id() {
        return id;
    }

    public AccountNumber number() {
        return new AccountNumber(number);
    }

    public String rawNumber() {
        return number;
    }

    public Long customerId() {
        return customerId;
    }

    public AccountKind kind() {
        return kind;
    }

    public Currency currency() {
        return Currency.getInstance(currency);
    }

    public AccountStatus status() {
        return status;
    }

    public Money overdraftLimit() {
        return Money.ofMinor(overdraftLimitMinor, currency());
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }
}
