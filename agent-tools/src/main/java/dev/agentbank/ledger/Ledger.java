package dev.agentbank.ledger;

import dev.agentbank.accounts.Account;
import dev.agentbank.accounts.AccountNumber;
import dev.agentbank.ledger.Commands.Command;
import dev.agentbank.ledger.Commands.Deposit;
import dev.agentbank.ledger.Commands.Reversal;
import dev.agentbank.ledger.Commands.Transfer;
import dev.agentbank.ledger.Commands.Withdrawal;
import dev.agentbank.ledger.JournalWriter.Locked;
import dev.agentbank.ledger.LedgerOutcome.Posted;
import dev.agentbank.ledger.LedgerOutcome.Reason;
import dev.agentbank.ledger.LedgerOutcome.Rejected;
import dev.agentbank.money.AmountRules;
import dev.agentbank.money.AmountRules.ParsedAmount;
import dev.agentbank.money.Money;
import dev.agentbank.security.Actor;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import javax.sql.DataSource;

/**
 * Posts deposits, withdrawals, transfers and reversals. Each runs in one transaction that locks the accounts
 * in id order, replays an earlier result for a repeated idempotency key, lets the accounts accept or refuse,
 * and writes the entry, the new balances and the audit event together. A rejection writes nothing.
 */
public final class Ledger {
    private final Transactions transactions;
    private final SettlementAccounts settlement;
    private final AmountRules amountRules;
    private final Clock clock;

    private final SessionFactory sessionFactory;
    private final DataSource dataSource;

    public Ledger(SessionFactory sessionFactory, DataSource dataSource, AmountRules amountRules, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.dataSource = dataSource;
        this.transactions = new Transactions(sessionFactory);
        this.settlement = new SettlementAccounts();
        this.amountRules = amountRules;
        this.clock = clock;
    }

    public LedgerOutcome deposit(Actor actor, Deposit deposit) {
        return onAccounts(actor, deposit, List.of(deposit.account()), (connection, accounts) -> {
            Account target = accounts.getFirst();
            Account bank = settlement.of(connection, target.currency());
            return withAmount(deposit.amount(), deposit.currency(), target, money -> target.refusalToCredit(money)
                    .<LedgerOutcome>map(Rejected::from)
                    .orElseGet(() -> write(connection, new NewEntry(deposit, actor, deposit.reference(), null, now())
                                    .post(target, money)
                                    .post(bank, money.negate()),
                            details(deposit.account(), null, money, deposit))));
        });
    }

    public LedgerOutcome withdraw(Actor actor, Withdrawal withdrawal) {
        return onAccounts(actor, withdrawal, List.of(withdrawal.account()), (connection, accounts) -> {
            Account source = accounts.getFirst();
            Account bank = settlement.of(connection, source.currency());
            return withAmount(withdrawal.amount(), withdrawal.currency(), source, money -> source.refusalToDebit(money)
                    .<LedgerOutcome>map(Rejected::from)
                    .orElseGet(() -> write(connection, new NewEntry(withdrawal, actor, withdrawal.reference(), null, now())
                                    .post(source, money.negate())
                                    .post(bank, money),
                            details(withdrawal.account(), null, money, withdrawal))));
        });
    }

    public LedgerOutcome transfer(Actor actor, Transfer transfer) {
        return onAccounts(actor, transfer, List.of(transfer.from(), transfer.to()), (connection, accounts) -> {
            Account from = byNumber(accounts, transfer.from());
            Account to = byNumber(accounts, transfer.to());
            if (!from.currency().equals(to.currency())) {
                return new Rejected(Reason.CURRENCY_MISMATCH, "Cannot transfer between " + from.currency() + " account "
                        + from.number() + " and " + to.currency() + " account " + to.number() + ": currency exchange is not offered.");
            }
            return withAmount(transfer.amount(), transfer.currency(), from, money -> from.refusalToDebit(money)
                    .or(() -> to.refusalToCredit(money))
                    .<LedgerOutcome>map(Rejected::from)
                    .orElseGet(() -> write(connection, new NewEntry(transfer, actor, transfer.reference(), null, now())
                                    .post(from, money.negate())
                                    .post(to, money),
                            details(transfer.from(), transfer.to(), money, transfer))));
        });
    }

    /** Adds the mirror image of a posted entry. The original is never touched. */
    public LedgerOutcome reverse(Actor actor, Reversal reversal) {
        return transactions.run(session -> {
            JournalEntry original = session.find(JournalEntry.class, reversal.transactionId());
            if (original == null) {
                return replayOr(session, actor, reversal, Optional.empty(), () ->
                        new Rejected(Reason.TRANSACTION_NOT_FOUND, "No transaction " + reversal.transactionId() + " was found."));
            }
            List<Posting> legs = original.postings();
            List<Long> ids = legs.stream().map(p -> p.account().id()).toList();
            Locked locked = session.doReturningWork(c -> JournalWriter.lockById(c, ids, actor.id(), reversal.idempotencyKey().value()));
            return replayOr(session, actor, reversal, locked.earlier(), () -> {
                if (original.kind() == EntryKind.REVERSAL || original.kind() == EntryKind.OPENING) {
                    return new Rejected(Reason.NOT_REVERSIBLE, "Transaction " + original.id() + " is "
                            + (original.kind() == EntryKind.REVERSAL ? "itself a reversal" : "an account opening")
                            + " and cannot be reversed.");
                }
                if (isReversed(session, original.id())) {
                    return new Rejected(Reason.ALREADY_REVERSED, "Transaction " + original.id() + " has already been reversed.");
                }
                NewEntry entry = new NewEntry(reversal, actor, reversal.reason(), original.id(), now());
                for (Posting leg : legs) {
                    Money mirror = leg.amount().negate();
                    Account account = leg.account().isSettlement()
                            ? settlement.of(session, mirror.currency())
                            : locked.accounts().stream().filter(a -> a.id().equals(leg.account().id())).findFirst().orElseThrow();
                    Optional<Rejected> refused = (mirror.isNegative() ? account.refusalToDebit(mirror.negate())
                            : account.refusalToCredit(mirror)).map(Rejected::from);
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                    entry.post(account, mirror);
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("reverses_transaction_id", original.id());
                details.put("reason", reversal.reason());
                details.put("idempotency_key", reversal.idempotencyKey().value());
                return session.doReturningWork(c -> write(c, entry, details));
            });
        });
    }

    @FunctionalInterface
    private interface OnLocked {
        LedgerOutcome apply(Connection connection, List<Account> accounts) throws SQLException;
    }

    /**
     * Locks the named accounts and checks the key in one round trip, then hands over to the operation.
     * This path uses a bare connection; only a replay goes back through Hibernate to load the earlier entry.
     */
    private LedgerOutcome onAccounts(Actor actor, Command command, List<AccountNumber> numbers, OnLocked operation) {
        List<String> raw = numbers.stream().map(AccountNumber::value).toList();
        Attempt attempt = transactions.runJdbc(dataSource, connection -> {
            Locked locked = JournalWriter.lockByNumber(connection, raw, actor.id(), command.idempotencyKey().value());
            if (locked.earlier().isPresent()) {
                JournalWriter.Earlier earlier = locked.earlier().get();
                return earlier.fingerprint().equals(command.fingerprint())
                        ? new Attempt(null, earlier.id()) : new Attempt(keyReused(command), null);
            }
            if (locked.accounts().size() != numbers.size()) {
                List<String> found = locked.accounts().stream().map(Account::rawNumber).toList();
                AccountNumber missing = numbers.stream().filter(n -> !found.contains(n.value())).findFirst().orElseThrow();
                return new Attempt(new Rejected(Reason.ACCOUNT_NOT_FOUND, "No account " + missing + " was found."), null);
            }
            return new Attempt(operation.apply(connection, locked.accounts()), null);
        });
        if (attempt.replayOf() != null) {
            return new Posted(sessionFactory.fromTransaction(session ->
                    Receipt.of(session.find(JournalEntry.class, attempt.replayOf()))), true);
        }
        return attempt.outcome();
    }

    /** An outcome, or the id of the entry this key already posted (its receipt is loaded after the transaction). */
    private record Attempt(LedgerOutcome outcome, Long replayOf) {}

    private static Rejected keyReused(Command command) {
        return new Rejected(Reason.IDEMPOTENCY_KEY_REUSED, "idempotency_key '" + command.idempotencyKey()
                + "' was already used for a different request. Use a new key for a new operation.");
    }

    /** The earlier result for this key, a rejection if the key was used for something else, or a fresh run. */
    private static LedgerOutcome replayOr(Session session, Actor actor, Command command, Optional<JournalWriter.Earlier> earlier,
                                          java.util.function.Supplier<LedgerOutcome> fresh) {
        if (earlier.isEmpty()) {
            earlier = session.doReturningWork(c -> JournalWriter.findKey(c, actor.id(), command.idempotencyKey().value()));
        }
        if (earlier.isEmpty()) {
            return fresh.get();
        }
        if (!earlier.get().fingerprint().equals(command.fingerprint())) {
            return keyReused(command);
        }
        return new Posted(Receipt.of(session.find(JournalEntry.class, earlier.get().id())), true);
    }

    private static Posted write(Connection connection, NewEntry entry, Map<String, Object> details) {
        entry.requireBalanced();
        try {
            long id = JournalWriter.write(connection, entry, entry.kind().name().toLowerCase(Locale.ROOT), details);
            return new Posted(entry.receipt(id), false);
        } catch (SQLException e) {
            throw new LedgerWriteFailed(e);
        }
    }

    /** Carries a database failure out of a lambda; {@link Transactions} inspects its cause to decide on a retry. */
    static final class LedgerWriteFailed extends RuntimeException {
        LedgerWriteFailed(SQLException cause) {
            super("could not write to the ledger", cause);
        }
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static boolean isReversed(Session session, long entryId) {
        return session.createSelectionQuery("select count(*) from JournalEntry where reversesEntryId = :id", Long.class)
                .setParameter("id", entryId)
                .getSingleResult() > 0;
    }

    private static Account byNumber(List<Account> accounts, AccountNumber number) {
        return accounts.stream().filter(a -> a.rawNumber().equals(number.value())).findFirst().orElseThrow();
    }

    /** Checks the amount against the account's currency and the configured maximum, then continues with it. */
    private LedgerOutcome withAmount(BigDecimal amount, Optional<Currency> requested, Account account,
                                     Function<Money, LedgerOutcome> onValid) {
        if (requested.isPresent() && !requested.get().equals(account.currency())) {
            return new Rejected(Reason.CURRENCY_MISMATCH, "Account " + account.number() + " holds "
                    + account.currency() + ", not " + requested.get() + ".");
        }
        return switch (amountRules.check(amount, account.currency())) {
            case ParsedAmount.Valid valid -> onValid.apply(valid.money());
            case ParsedAmount.Invalid invalid -> new Rejected(Reason.INVALID_AMOUNT, invalid.message());
        };
    }

    private static Map<String, Object> details(AccountNumber first, AccountNumber second, Money money, Command command) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(second == null ? "account" : "from_account", first.value());
        if (second != null) {
            details.put("to_account", second.value());
        }
        details.put("amount", money.amount());
        details.put("currency", money.currency().getCurrencyCode());
        details.put("idempotency_key", command.idempotencyKey().value());
        return details;
    }
}
