package dev.agentbank.ledger.application;

import dev.agentbank.ledger.jdbc.JournalEntry;
import dev.agentbank.ledger.jdbc.JournalWriter;
import dev.agentbank.ledger.jdbc.SettlementAccounts;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.NewEntry;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.jdbc.Transactions;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.ledger.model.Commands.Command;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Reversal;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.jdbc.JournalWriter.Earlier;
import dev.agentbank.ledger.jdbc.JournalWriter.Locked;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.Money;
import dev.agentbank.identity.Actor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * Posts deposits, withdrawals, transfers and reversals. Each runs in one transaction that locks the accounts
 * in id order, replays an earlier result for a repeated idempotency key, lets the accounts accept or refuse,
 * and writes the entry, the new balances and the audit event together. A rejection writes nothing.
 */
public final class Ledger {
    private final SessionFactory sessionFactory;
    private final DataSource dataSource;
    private final Transactions transactions;
    private final SettlementAccounts settlement = new SettlementAccounts();
    private final AmountRules amountRules;
    private final Clock clock;

    public Ledger(SessionFactory sessionFactory, DataSource dataSource, AmountRules amountRules, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.dataSource = dataSource;
        this.transactions = new Transactions(sessionFactory);
        this.amountRules = amountRules;
        this.clock = clock;
    }

    public LedgerOutcome deposit(Actor actor, Deposit deposit) {
        return deposit(actor, deposit, PostingConditions.NONE);
    }

    public LedgerOutcome deposit(Actor actor, Deposit deposit, PostingConditions conditions) {
        return onAccounts(actor, deposit, List.of(deposit.account()), (connection, accounts) -> {
            Account target = accounts.getFirst();
            Checked amount = check(deposit.amount(), deposit.currency(), target);
            if (amount.rejected() != null) {
                return amount.rejected();
            }
            Money money = amount.money();
            Optional<Refusal> refusal = target.refusalToCredit(money);
            if (refusal.isPresent()) {
                return Rejected.from(refusal.get());
            }
            Optional<Rejected> limit = limitRefusal(conditions, connection, actor, money, false);
            if (limit.isPresent()) {
                return limit.get();
            }
            NewEntry entry = new NewEntry(deposit, actor, deposit.reference(), null, now())
                    .post(target, money)
                    .post(settlement.of(connection, target.currency()), money.negate());
            return write(connection, entry, details(deposit.account(), null, money, deposit, conditions));
        });
    }

    public LedgerOutcome withdraw(Actor actor, Withdrawal withdrawal) {
        return withdraw(actor, withdrawal, PostingConditions.NONE);
    }

    public LedgerOutcome withdraw(Actor actor, Withdrawal withdrawal, PostingConditions conditions) {
        return onAccounts(actor, withdrawal, List.of(withdrawal.account()), (connection, accounts) -> {
            Account source = accounts.getFirst();
            Checked amount = check(withdrawal.amount(), withdrawal.currency(), source);
            if (amount.rejected() != null) {
                return amount.rejected();
            }
            Money money = amount.money();
            Optional<Refusal> refusal = source.refusalToDebit(money);
            if (refusal.isPresent()) {
                return Rejected.from(refusal.get());
            }
            Optional<Rejected> limit = limitRefusal(conditions, connection, actor, money, true);
            if (limit.isPresent()) {
                return limit.get();
            }
            NewEntry entry = new NewEntry(withdrawal, actor, withdrawal.reference(), null, now())
                    .post(source, money.negate())
                    .post(settlement.of(connection, source.currency()), money);
            return write(connection, entry, details(withdrawal.account(), null, money, withdrawal, conditions));
        });
    }

    public LedgerOutcome transfer(Actor actor, Transfer transfer) {
        return transfer(actor, transfer, PostingConditions.NONE);
    }

    public LedgerOutcome transfer(Actor actor, Transfer transfer, PostingConditions conditions) {
        return onAccounts(actor, transfer, List.of(transfer.from(), transfer.to()), (connection, accounts) -> {
            Account from = byNumber(accounts, transfer.from());
            Account to = byNumber(accounts, transfer.to());
            if (!from.currency().equals(to.currency())) {
                return new Rejected(Reason.CURRENCY_MISMATCH, "Cannot transfer between " + from.currency() + " account "
                        + from.number() + " and " + to.currency() + " account " + to.number() + ": currency exchange is not offered.");
            }
            Checked amount = check(transfer.amount(), transfer.currency(), from);
            if (amount.rejected() != null) {
                return amount.rejected();
            }
            Money money = amount.money();
            Optional<Refusal> refusal = from.refusalToDebit(money).or(() -> to.refusalToCredit(money));
            if (refusal.isPresent()) {
                return Rejected.from(refusal.get());
            }
            Optional<Rejected> limit = limitRefusal(conditions, connection, actor, money, true);
            if (limit.isPresent()) {
                return limit.get();
            }
            NewEntry entry = new NewEntry(transfer, actor, transfer.reference(), null, now())
                    .post(from, money.negate())
                    .post(to, money);
            return write(connection, entry, details(transfer.from(), transfer.to(), money, transfer, conditions));
        });
    }

    /** Whether this actor already posted something under this key (a retry, then, replays it). */
    public boolean hasPosted(Actor actor, IdempotencyKey key) {
        return transactions.runJdbc(dataSource, connection -> JournalWriter.findKey(connection, actor.id(), key.value()).isPresent());
    }

    /** Adds the mirror image of a posted entry. The original is never touched. */
    public LedgerOutcome reverse(Actor actor, Reversal reversal) {
        return reverse(actor, reversal, PostingConditions.NONE);
    }

    /** As {@link #reverse(Actor, Reversal)}; the conditions see what the mirror takes out of a customer account. */
    public LedgerOutcome reverse(Actor actor, Reversal reversal, PostingConditions conditions) {
        Optional<Original> found = sessionFactory.fromTransaction(session ->
                Optional.ofNullable(session.find(JournalEntry.class, reversal.transactionId())).map(Original::of));
        String key = reversal.idempotencyKey().value();
        if (found.isEmpty()) {
            Attempt attempt = transactions.runJdbc(dataSource, connection -> replayOr(reversal,
                    JournalWriter.findKey(connection, actor.id(), key),
                    new Rejected(Reason.TRANSACTION_NOT_FOUND, "No transaction " + reversal.transactionId() + " was found.")));
            return settle(attempt);
        }
        // Postings are immutable, so reading them before taking the locks is safe.
        Original original = found.get();
        List<Long> ids = original.legs().stream().map(OriginalLeg::accountId).toList();
        return settle(transactions.runJdbc(dataSource, connection -> {
            Locked locked = JournalWriter.lockById(connection, ids, actor.id(), key);
            if (locked.earlier().isPresent()) {
                return replayOr(reversal, locked.earlier(), null);
            }
            if (original.kind() == EntryKind.REVERSAL || original.kind() == EntryKind.OPENING) {
                return new Attempt(new Rejected(Reason.NOT_REVERSIBLE, "Transaction " + original.id() + " is "
                        + (original.kind() == EntryKind.REVERSAL ? "itself a reversal" : "an account opening")
                        + " and cannot be reversed."));
            }
            if (JournalWriter.isReversed(connection, original.id())) {
                return new Attempt(new Rejected(Reason.ALREADY_REVERSED, "Transaction " + original.id() + " has already been reversed."));
            }
            NewEntry entry = new NewEntry(reversal, actor, reversal.reason(), original.id(), now());
            for (OriginalLeg leg : original.legs()) {
                Money mirror = leg.amount().negate();
                Account account = leg.settlement()
                        ? settlement.of(connection, mirror.currency())
                        : locked.accounts().stream().filter(a -> a.id().equals(leg.accountId())).findFirst().orElseThrow();
                Optional<Refusal> refusal = mirror.isNegative() ? account.refusalToDebit(mirror.negate()) : account.refusalToCredit(mirror);
                if (refusal.isPresent()) {
                    return new Attempt(Rejected.from(refusal.get()));
                }
                entry.post(account, mirror);
            }
            Optional<Rejected> limit = limitRefusal(conditions, connection, actor, original.customerDebitOfMirror(),
                    original.customerDebitOfMirror().isPositive());
            if (limit.isPresent()) {
                return new Attempt(limit.get());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reverses_transaction_id", original.id());
            details.put("reason", reversal.reason());
            details.put("idempotency_key", key);
            details.putAll(conditions.auditDetails());
            return new Attempt(write(connection, entry, details));
        }));
    }

    /** What a reversal needs of the original entry, read in its own short session. */
    private record Original(long id, EntryKind kind, List<OriginalLeg> legs) {
        /** What the mirror entry takes out of customer accounts: the original's credits to them. */
        Money customerDebitOfMirror() {
            Money total = Money.zero(legs.getFirst().amount().currency());
            for (OriginalLeg leg : legs) {
                if (!leg.settlement() && leg.amount().isPositive()) {
                    total = total.plus(leg.amount());
                }
            }
            return total;
        }

        static Original of(JournalEntry entry) {
            return new Original(entry.id(), entry.kind(), entry.postings().stream()
                    .map(p -> new OriginalLeg(p.account().id(), p.account().isSettlement(), p.amount()))
                    .toList());
        }
    }

    private record OriginalLeg(long accountId, boolean settlement, Money amount) {}

    @FunctionalInterface
    private interface OnLocked {
        LedgerOutcome apply(Connection connection, List<Account> accounts) throws SQLException;
    }

    /**
     * Locks the named accounts and checks the key in one round trip, then hands over to the operation.
     * This path uses a bare connection; only a replay goes through Hibernate, to load the earlier entry.
     */
    private LedgerOutcome onAccounts(Actor actor, Command command, List<AccountNumber> numbers, OnLocked operation) {
        List<String> raw = numbers.stream().map(AccountNumber::value).toList();
        return settle(transactions.runJdbc(dataSource, connection -> {
            Locked locked = JournalWriter.lockByNumber(connection, raw, actor.id(), command.idempotencyKey().value());
            if (locked.earlier().isPresent()) {
                return replayOr(command, locked.earlier(), null);
            }
            if (locked.accounts().size() != numbers.size()) {
                List<String> found = locked.accounts().stream().map(Account::rawNumber).toList();
                AccountNumber missing = numbers.stream().filter(n -> !found.contains(n.value())).findFirst().orElseThrow();
                return new Attempt(new Rejected(Reason.ACCOUNT_NOT_FOUND, "No account " + missing + " was found."));
            }
            return new Attempt(operation.apply(connection, locked.accounts()));
        }));
    }

    /** An outcome, or the id of the entry this key already posted (its receipt is loaded after the transaction). */
    private record Attempt(LedgerOutcome outcome, Long replayOf) {
        Attempt(LedgerOutcome outcome) {
            this(outcome, null);
        }
    }

    /** The earlier entry under this key if the request matches, a rejection if the key meant something else, else {@code fresh}. */
    private static Attempt replayOr(Command command, Optional<Earlier> earlier, LedgerOutcome fresh) {
        if (earlier.isEmpty()) {
            return new Attempt(fresh);
        }
        if (!earlier.get().fingerprint().equals(command.fingerprint())) {
            return new Attempt(new Rejected(Reason.IDEMPOTENCY_KEY_REUSED, "idempotency_key '" + command.idempotencyKey()
                    + "' was already used for a different request. Use a new key for a new operation."));
        }
        return new Attempt(null, earlier.get().id());
    }

    private LedgerOutcome settle(Attempt attempt) {
        if (attempt.replayOf() == null) {
            return attempt.outcome();
        }
        return new Posted(sessionFactory.fromTransaction(session ->
                Receipt.of(session.find(JournalEntry.class, attempt.replayOf()))), true);
    }

    private static Posted write(Connection connection, NewEntry entry, Map<String, Object> details) throws SQLException {
        entry.requireBalanced();
        long id = JournalWriter.write(connection, entry, entry.kind().name().toLowerCase(Locale.ROOT), details);
        return new Posted(entry.receipt(id), false);
    }

    private static Optional<Rejected> limitRefusal(PostingConditions conditions, Connection connection, Actor actor,
                                                   Money money, boolean outflow) throws SQLException {
        return conditions.refusal(connection, actor, money, outflow).map(message -> new Rejected(Reason.LIMIT_EXCEEDED, message));
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static Account byNumber(List<Account> accounts, AccountNumber number) {
        return accounts.stream().filter(a -> a.rawNumber().equals(number.value())).findFirst().orElseThrow();
    }

    /** A valid amount in the account's currency, or why not. */
    private record Checked(Money money, Rejected rejected) {}

    private Checked check(java.math.BigDecimal amount, Optional<java.util.Currency> requested, Account account) {
        if (requested.isPresent() && !requested.get().equals(account.currency())) {
            return new Checked(null, new Rejected(Reason.CURRENCY_MISMATCH, "Account " + account.number() + " holds "
                    + account.currency() + ", not " + requested.get() + "."));
        }
        return switch (amountRules.check(amount, account.currency())) {
            case ParsedAmount.Valid valid -> new Checked(valid.money(), null);
            case ParsedAmount.Invalid invalid -> new Checked(null, new Rejected(Reason.INVALID_AMOUNT, invalid.message()));
        };
    }

    private static Map<String, Object> details(AccountNumber first, AccountNumber second, Money money, Command command,
                                               PostingConditions conditions) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(second == null ? "account" : "from_account", first.value());
        if (second != null) {
            details.put("to_account", second.value());
        }
        details.put("amount", money.amount());
        details.put("currency", money.currency().getCurrencyCode());
        details.put("idempotency_key", command.idempotencyKey().value());
        details.putAll(conditions.auditDetails());
        return details;
    }
}
