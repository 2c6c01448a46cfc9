package dev.agentbank.ledger.application;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.accounts.model.Refusal;
import dev.agentbank.ledger.jdbc.JournalEntry;
import dev.agentbank.ledger.jdbc.JournalWriter.Earlier;
import dev.agentbank.ledger.jdbc.JournalWriter.Locked;
import dev.agentbank.ledger.jdbc.JournalWriter;
import dev.agentbank.ledger.jdbc.SettlementAccounts;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.Commands.Command;
import dev.agentbank.ledger.model.Commands.Movement;
import dev.agentbank.ledger.model.Commands.Plan;
import dev.agentbank.ledger.model.Commands.Reversal;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.LedgerOutcome.Posted;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.ledger.model.NewEntry;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.audit.CallRecord;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
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
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * Posts deposits, withdrawals, transfers and reversals. Each runs in one transaction that locks the accounts
 * in id order, replays an earlier result for a repeated idempotency key, lets the accounts accept or refuse,
 * and writes the entry, the new balances and the audit event together. A rejection writes nothing.
 */
public final class Ledger {
    private final SessionFactory sessionFactory;
    /** Postings retry a unique violation too: a racing twin under the same key committed first, and the retry replays it. */
    private final Jdbc jdbc;
    private final SettlementAccounts settlement = new SettlementAccounts();
    private final AmountRules amountRules;
    private final Clock clock;

    public Ledger(SessionFactory sessionFactory, DataSource dataSource, AmountRules amountRules, Clock clock) {
        this.sessionFactory = sessionFactory;
        this.jdbc = new Jdbc(dataSource);
        this.amountRules = amountRules;
        this.clock = clock;
    }

    public LedgerOutcome post(Actor actor, Command command) {
        return post(actor, command, PostingConditions.NONE);
    }

    /** Posts any command; the conditions are checked after the ledger's own rules, under the same locks. */
    public LedgerOutcome post(Actor actor, Command command, PostingConditions conditions) {
        Optional<CallRecord> call = CallRecord.unwritten(); // written by write() below, on this thread
        LedgerOutcome outcome = switch (command) {
            case Movement movement -> move(actor, movement, conditions);
            case Reversal reversal -> reverse(actor, reversal, conditions);
        };
        if (outcome instanceof Posted posted && !posted.replayed()) {
            call.ifPresent(CallRecord::committed);
        }
        return outcome;
    }

    private LedgerOutcome move(Actor actor, Movement movement, PostingConditions conditions) {
        return onAccounts(actor, movement, movement.accounts(), (connection, accounts) -> {
            Plan plan = movement.plan(number -> byNumber(accounts, number), bankAccounts(connection), amountRules);
            return switch (plan) {
                case Plan.Refused refused -> refused.rejected();
                case Plan.Legs legs -> {
                    requireConditions(conditions, connection, actor, legs.money(), legs.outflow());
                    NewEntry entry = new NewEntry(movement, actor, movement.reference(), null, now());
                    legs.legs().forEach(leg -> entry.post(leg.account(), leg.amount()));
                    Map<String, Object> details = new LinkedHashMap<>(movement.auditDetails(legs.money()));
                    details.putAll(conditions.auditDetails());
                    Posted posted = write(connection, entry, details);
                    conditions.onPosted(connection, posted);
                    yield posted;
                }
            };
        });
    }

    private Commands.BankAccounts bankAccounts(Connection connection) {
        return new Commands.BankAccounts() {
            @Override
            public Account settlement(Currency currency) {
                try {
                    return settlement.of(connection, currency);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the settlement account", e);
                }
            }

            @Override
            public Account income(Currency currency) {
                try {
                    return settlement.income(connection, currency);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the income account", e);
                }
            }

            @Override
            public Account clearing(Currency currency) {
                try {
                    return settlement.clearing(connection, currency);
                } catch (SQLException e) {
                    throw new IllegalStateException("could not read the clearing account", e);
                }
            }
        };
    }

    /** Whether this actor already posted something under this key (a retry, then, replays it). */
    public boolean hasPosted(Actor actor, IdempotencyKey key) {
        return jdbc.query("look up an idempotency key", connection -> JournalWriter.findKey(connection, actor.id(), key.value()).isPresent());
    }

    /** Adds the mirror image of a posted entry; the original is never touched. The conditions see what the mirror takes out of a customer account. */
    private LedgerOutcome reverse(Actor actor, Reversal reversal, PostingConditions conditions) {
        Optional<Original> found = sessionFactory.fromTransaction(session ->
                Optional.ofNullable(session.find(JournalEntry.class, reversal.transactionId())).map(Original::of));
        String key = reversal.idempotencyKey().value();
        if (found.isEmpty()) {
            Attempt attempt = jdbc.inTransactionRetryingDuplicates("post the reversal", connection -> replayOr(reversal,
                    JournalWriter.findKey(connection, actor.id(), key),
                    new Rejected(Reason.TRANSACTION_NOT_FOUND, "No transaction " + reversal.transactionId() + " was found.")));
            return settle(attempt);
        }
        // Postings are immutable, so reading them before taking the locks is safe.
        Original original = found.get();
        List<Long> ids = original.legs().stream().map(OriginalLeg::accountId).toList();
        return settleRefusing(() -> jdbc.inTransactionRetryingDuplicates("post the reversal", connection -> {
            Locked locked = JournalWriter.lockById(connection, ids, actor.id(), key);
            if (locked.earlier().isPresent()) {
                return replayOr(reversal, locked.earlier(), null);
            }
            Optional<String> notReversible = original.kind().whyNotReversible();
            if (notReversible.isPresent()) {
                return new Attempt(new Rejected(Reason.NOT_REVERSIBLE, "Transaction " + original.id() + " is "
                        + notReversible.get() + " and cannot be reversed."));
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
                Optional<Refusal> refusal = mirror.isNegative() ? account.refusalToReverse(mirror.negate()) : account.refusalToCredit(mirror);
                if (refusal.isPresent()) {
                    return new Attempt(Rejected.from(refusal.get()));
                }
                entry.post(account, mirror);
            }
            requireConditions(conditions, connection, actor, original.customerDebitOfMirror(),
                    original.customerDebitOfMirror().isPositive());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reverses_transaction_id", original.id());
            details.put("reason", reversal.reason());
            details.put("idempotency_key", key);
            details.putAll(conditions.auditDetails());
            Posted posted = write(connection, entry, details);
            conditions.onPosted(connection, posted);
            return new Attempt(posted);
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
                    .map(p -> new OriginalLeg(p.account().id(), p.account().isInternal(), p.amount()))
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
        return settleRefusing(() -> jdbc.inTransactionRetryingDuplicates("post to the ledger", connection -> {
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

    private LedgerOutcome settleRefusing(java.util.function.Supplier<Attempt> transaction) {
        try {
            return settle(transaction.get());
        } catch (ConditionRefused refused) {
            return refused.rejected;
        }
    }

    private LedgerOutcome settle(Attempt attempt) {
        if (attempt.replayOf() == null) {
            return attempt.outcome();
        }
        return new Posted(sessionFactory.fromTransaction(session ->
                session.find(JournalEntry.class, attempt.replayOf()).receipt()), true);
    }

    private static Posted write(Connection connection, NewEntry entry, Map<String, Object> details) throws SQLException {
        entry.requireBalanced();
        long id = JournalWriter.write(connection, entry, entry.kind().name().toLowerCase(Locale.ROOT), details, CallRecord.unwritten());
        return new Posted(entry.receipt(id), false);
    }

    /** Throws the conditions' refusal, so the transaction rolls back whatever the conditions wrote before refusing. */
    private static void requireConditions(PostingConditions conditions, Connection connection, Actor actor, Money money,
                                          boolean outflow) throws SQLException {
        Optional<Rejected> refused = conditions.refusal(connection, actor, money, outflow);
        if (refused.isPresent()) {
            throw new ConditionRefused(refused.get());
        }
    }

    /** A refusal by the caller's conditions, carried out of the transaction so it rolls back. */
    private static final class ConditionRefused extends RuntimeException {
        private final transient Rejected rejected;

        ConditionRefused(Rejected rejected) {
            super(rejected.message(), null, false, false);
            this.rejected = rejected;
        }
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private static Account byNumber(List<Account> accounts, AccountNumber number) {
        return accounts.stream().filter(a -> a.rawNumber().equals(number.value())).findFirst().orElseThrow();
    }
}
