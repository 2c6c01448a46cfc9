package dev.agentbank.ledger.model;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.AmountRules.ParsedAmount;
import dev.agentbank.shared.money.AmountRules;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Money-moving requests: one sealed type, so every switch over them is exhaustive and a new kind (a loan
 * disbursement, a repayment, a payment) is a compile error wherever it is not yet handled. Each validates its own
 * shape; a {@link Movement} also plans its own legs on the locked accounts.
 */
public final class Commands {
    private Commands() {}

    public sealed interface Command permits Movement, Reversal {
        IdempotencyKey idempotencyKey();

        EntryKind kind();

        /** The parameters that make two requests "the same", for idempotent replay. */
        String fingerprint();
    }

    /** A movement between named accounts (and the settlement account of their currency). */
    public sealed interface Movement extends Command permits Deposit, Withdrawal, Transfer {
        /** The accounts to lock, in no particular order (the lock orders them). */
        List<AccountNumber> accounts();

        BigDecimal amount();

        Optional<Currency> currency();

        String reference();

        /**
         * The legs on the locked accounts, or why not. {@code settlement} gives the bank's settlement account of a
         * currency; the legs are checked against each customer account's rules, in order.
         */
        Plan plan(Function<AccountNumber, Account> locked, Function<Currency, Account> settlement, AmountRules amounts);

        /** The posting's audit facts besides its conditions. */
        Map<String, Object> auditDetails(Money money);
    }

    /** {@code currency}, when given, must be the account's: it stops "100" landing in the wrong currency. */
    public record Deposit(AccountNumber account, BigDecimal amount, Optional<Currency> currency, String reference,
                          IdempotencyKey idempotencyKey) implements Movement {
        public Deposit {
            requireNonNull(account, "account");
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.DEPOSIT;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), account, amount, currency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(account);
        }

        public Plan plan(Function<AccountNumber, Account> locked, Function<Currency, Account> settlement, AmountRules amounts) {
            Account target = locked.apply(account);
            return Plan.checked(amounts, this, target, money -> Plan.legs(money, false,
                    new Leg(target, money), new Leg(settlement.apply(target.currency()), money.negate())));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "account", account, null, null, money);
        }
    }

    public record Withdrawal(AccountNumber account, BigDecimal amount, Optional<Currency> currency, String reference,
                             IdempotencyKey idempotencyKey) implements Movement {
        public Withdrawal {
            requireNonNull(account, "account");
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.WITHDRAWAL;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), account, amount, currency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(account);
        }

        public Plan plan(Function<AccountNumber, Account> locked, Function<Currency, Account> settlement, AmountRules amounts) {
            Account source = locked.apply(account);
            return Plan.checked(amounts, this, source, money -> Plan.legs(money, true,
                    new Leg(source, money.negate()), new Leg(settlement.apply(source.currency()), money)));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "account", account, null, null, money);
        }
    }

    public record Transfer(AccountNumber from, AccountNumber to, BigDecimal amount, Optional<Currency> currency,
                           String reference, IdempotencyKey idempotencyKey) implements Movement {
        public Transfer {
            requireNonNull(from, "from_account");
            requireNonNull(to, "to_account");
            if (from.equals(to)) {
                throw new InvalidRequest("from_account and to_account are the same account " + from + ".");
            }
            amount = requireAmount(amount);
            currency = Objects.requireNonNullElse(currency, Optional.empty());
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.TRANSFER;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, to, amount, currency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(from, to);
        }

        public Plan plan(Function<AccountNumber, Account> locked, Function<Currency, Account> settlement, AmountRules amounts) {
            Account debited = locked.apply(from);
            Account credited = locked.apply(to);
            if (!debited.currency().equals(credited.currency())) {
                return new Plan.Refused(new Rejected(Reason.CURRENCY_MISMATCH, "Cannot transfer between " + debited.currency()
                        + " account " + debited.number() + " and " + credited.currency() + " account " + credited.number()
                        + ": currency exchange is not offered."));
            }
            return Plan.checked(amounts, this, debited, money -> Plan.legs(money, true,
                    new Leg(debited, money.negate()), new Leg(credited, money)));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "from_account", from, "to_account", to, money);
        }
    }

    public record Reversal(long transactionId, String reason, IdempotencyKey idempotencyKey) implements Command {
        public Reversal {
            if (transactionId <= 0) {
                throw new InvalidRequest("transaction_id must be a positive number.");
            }
            reason = Reference.clean(reason);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.REVERSAL;
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), transactionId, reason);
        }
    }

    /** One leg of a planned entry: a signed amount on an account. */
    public record Leg(Account account, Money amount) {}

    /** What a movement would post, or why it cannot. */
    public sealed interface Plan {
        /** @param outflow whether money leaves a customer account, for outflow limits */
        record Legs(Money money, boolean outflow, List<Leg> legs) implements Plan {}

        record Refused(Rejected rejected) implements Plan {}

        /** The legs, unless a customer account refuses one of them (settlement accounts take whatever balances). */
        static Plan legs(Money money, boolean outflow, Leg... legs) {
            for (Leg leg : legs) {
                if (leg.account().isSettlement()) {
                    continue;
                }
                var refusal = leg.amount().isNegative()
                        ? leg.account().refusalToDebit(leg.amount().negate())
                        : leg.account().refusalToCredit(leg.amount());
                if (refusal.isPresent()) {
                    return new Refused(Rejected.from(refusal.get()));
                }
            }
            return new Legs(money, outflow, List.of(legs));
        }

        /** The amount checked against the account's currency and the amount rules, then planned. */
        static Plan checked(AmountRules amounts, Movement movement, Account account, Function<Money, Plan> planner) {
            Optional<Currency> requested = movement.currency();
            if (requested.isPresent() && !requested.get().equals(account.currency())) {
                return new Refused(new Rejected(Reason.CURRENCY_MISMATCH, "Account " + account.number() + " holds "
                        + account.currency() + ", not " + requested.get() + "."));
            }
            return switch (amounts.check(movement.amount(), account.currency())) {
                case ParsedAmount.Valid valid -> planner.apply(valid.money());
                case ParsedAmount.Invalid invalid -> new Refused(new Rejected(Reason.INVALID_AMOUNT, invalid.message()));
            };
        }
    }

    private static Map<String, Object> details(Movement movement, String firstName, AccountNumber first, String secondName,
                                               AccountNumber second, Money money) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(firstName, first.value());
        if (second != null) {
            details.put(secondName, second.value());
        }
        details.put("amount", money.amount());
        details.put("currency", money.currency().getCurrencyCode());
        details.put("idempotency_key", movement.idempotencyKey().value());
        return details;
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new InvalidRequest(name + " is required.");
        }
    }

    private static BigDecimal requireAmount(BigDecimal amount) {
        if (amount == null) {
            throw new InvalidRequest("amount is required, for example 25.00.");
        }
        if (amount.signum() <= 0) {
            throw new InvalidRequest("amount must be positive, got " + amount.toPlainString() + ".");
        }
        return amount;
    }
}
