package dev.agentbank.ledger.model;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
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
    public sealed interface Movement extends Command permits Deposit, Withdrawal, Transfer, Disbursement, LoanRepayment,
            InternalPayment, ExternalPayment, PaymentSettlement, PaymentReturn, HeldPayment, HoldRelease {
        /** The accounts to lock, in no particular order (the lock orders them). */
        List<AccountNumber> accounts();

        BigDecimal amount();

        Optional<Currency> currency();

        String reference();

        /**
         * The legs on the locked accounts, or why not. {@code bank} gives the bank's own accounts of a currency; the legs
         * are checked against each customer account's rules, in order.
         */
        Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts);

        /** The posting's audit facts besides its conditions. */
        Map<String, Object> auditDetails(Money money);
    }

    /** The bank's own accounts of a currency, which postings reach without locking them. */
    public interface BankAccounts {
        Account settlement(Currency currency);

        Account income(Currency currency);

        Account clearing(Currency currency);
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

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account target = locked.apply(account);
            return Plan.notALoan(target).orElseGet(() -> Plan.checked(amounts, this, target, money -> Plan.legs(money, false,
                    new Leg(target, money), new Leg(bank.settlement(target.currency()), money.negate()))));
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

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account source = locked.apply(account);
            return Plan.notALoan(source).orElseGet(() -> Plan.checked(amounts, this, source, money -> Plan.legs(money, true,
                    new Leg(source, money.negate()), new Leg(bank.settlement(source.currency()), money))));
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

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account debited = locked.apply(from);
            Account credited = locked.apply(to);
            Optional<Plan> loan = Plan.notALoan(debited).or(() -> Plan.notALoan(credited));
            if (loan.isPresent()) {
                return loan.get();
            }
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

    /**
     * A loan paid out, in one entry: the loan account is debited the principal, the payout account credited the
     * principal less the fee, and the bank's income credited the fee. Posted by lending only, once per loan.
     */
    public record Disbursement(AccountNumber loanAccount, AccountNumber payoutAccount, BigDecimal amount, BigDecimal fee,
                               Currency loanCurrency, String reference, IdempotencyKey idempotencyKey) implements Movement {
        public Disbursement {
            requireNonNull(loanAccount, "loan_account");
            requireNonNull(payoutAccount, "payout_account");
            if (loanAccount.equals(payoutAccount)) {
                throw new InvalidRequest("the loan account and the payout account are the same account " + loanAccount + ".");
            }
            amount = requireAmount(amount);
            requireNonNull(fee, "fee");
            if (fee.signum() < 0 || fee.compareTo(amount) >= 0) {
                throw new InvalidRequest("fee must be from zero to below the amount, got " + fee.toPlainString() + ".");
            }
            requireNonNull(loanCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.DISBURSEMENT;
        }

        public Optional<Currency> currency() {
            return Optional.of(loanCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), loanAccount, payoutAccount, amount, fee, loanCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(loanAccount, payoutAccount);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account loan = locked.apply(loanAccount);
            Account payout = locked.apply(payoutAccount);
            Optional<Plan> shape = Plan.loanAndOther(loan, payout);
            if (shape.isPresent()) {
                return shape.get();
            }
            return Plan.checked(amounts, this, loan, money -> {
                Money feeMoney = new Money(fee, money.currency());
                Leg[] legs = feeMoney.isPositive()
                        ? new Leg[] {new Leg(loan, money.negate()), new Leg(payout, money.minus(feeMoney)),
                                new Leg(bank.income(money.currency()), feeMoney)}
                        : new Leg[] {new Leg(loan, money.negate()), new Leg(payout, money)};
                return Plan.legs(money, false, legs);
            });
        }

        public Map<String, Object> auditDetails(Money money) {
            Map<String, Object> details = details(this, "loan_account", loanAccount, "payout_account", payoutAccount, money);
            details.put("fee", fee);
            return details;
        }
    }

    /**
     * A loan repayment, in one entry: the payer account is debited principal plus interest, the loan account credited
     * the principal (never beyond what is owed), and the bank's income credited the interest.
     */
    public record LoanRepayment(AccountNumber from, AccountNumber loanAccount, BigDecimal principal, BigDecimal interest,
                                Currency loanCurrency, String reference, IdempotencyKey idempotencyKey) implements Movement {
        public LoanRepayment {
            requireNonNull(from, "from_account");
            requireNonNull(loanAccount, "loan_account");
            if (from.equals(loanAccount)) {
                throw new InvalidRequest("from_account is the loan account " + loanAccount + " itself.");
            }
            requireNonNull(principal, "principal");
            requireNonNull(interest, "interest");
            if (principal.signum() < 0 || interest.signum() < 0 || principal.add(interest).signum() <= 0) {
                throw new InvalidRequest("a repayment's principal and interest must not be negative and must not both be zero.");
            }
            requireNonNull(loanCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.LOAN_REPAYMENT;
        }

        public BigDecimal amount() {
            return principal.add(interest);
        }

        public Optional<Currency> currency() {
            return Optional.of(loanCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, loanAccount, principal, interest, loanCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(from, loanAccount);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account payer = locked.apply(from);
            Account loan = locked.apply(loanAccount);
            Optional<Plan> shape = Plan.loanAndOther(loan, payer);
            if (shape.isPresent()) {
                return shape.get();
            }
            return Plan.checked(amounts, this, payer, money -> {
                Money principalMoney = new Money(principal, money.currency());
                Money interestMoney = new Money(interest, money.currency());
                List<Leg> legs = new java.util.ArrayList<>(List.of(new Leg(payer, money.negate())));
                if (principalMoney.isPositive()) {
                    legs.add(new Leg(loan, principalMoney));
                }
                if (interestMoney.isPositive()) {
                    legs.add(new Leg(bank.income(money.currency()), interestMoney));
                }
                return Plan.legs(money, true, legs.toArray(Leg[]::new));
            });
        }

        public Map<String, Object> auditDetails(Money money) {
            Map<String, Object> details = details(this, "from_account", from, "loan_account", loanAccount, money);
            details.put("principal", principal);
            details.put("interest", interest);
            return details;
        }
    }

    /**
     * A payment to another customer of this bank: like a transfer, but across customers and only to a confirmed payee
     * (the payments context checks that). Its own kind, so both histories say "payment".
     */
    public record InternalPayment(AccountNumber from, AccountNumber to, BigDecimal amount, Currency paymentCurrency,
                                  String reference, IdempotencyKey idempotencyKey) implements Movement {
        public InternalPayment {
            requireNonNull(from, "from_account");
            requireNonNull(to, "payee account");
            if (from.equals(to)) {
                throw new InvalidRequest("the payee's account is the account paid from, " + from + ".");
            }
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, to, amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(from, to);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account payer = locked.apply(from);
            Account payee = locked.apply(to);
            Optional<Plan> loan = Plan.notALoan(payer).or(() -> Plan.notALoan(payee));
            if (loan.isPresent()) {
                return loan.get();
            }
            if (!payee.currency().equals(paymentCurrency)) {
                return new Plan.Refused(new Rejected(Reason.CURRENCY_MISMATCH, "The payee's account takes "
                        + payee.currency() + ", not " + paymentCurrency + ": currency exchange is not offered."));
            }
            return Plan.checked(amounts, this, payer, money -> Plan.legs(money, true,
                    new Leg(payer, money.negate()), new Leg(payee, money)));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "from_account", from, "to_account", to, money);
        }
    }

    /**
     * A payment to another bank leaving the payer at once: the payer is debited and the clearing account credited, so
     * the money cannot be spent twice while the provider is asked. It ends as a {@link PaymentSettlement} or a
     * {@link PaymentReturn}.
     */
    public record ExternalPayment(AccountNumber from, String payeeIban, BigDecimal amount, Currency paymentCurrency,
                                  String reference, IdempotencyKey idempotencyKey) implements Movement {
        public ExternalPayment {
            requireNonNull(from, "from_account");
            requireNonNull(payeeIban, "payee IBAN");
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT_OUT;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, payeeIban, amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(from);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            return payerToClearing(this, locked.apply(from), bank, amounts);
        }

        public Map<String, Object> auditDetails(Money money) {
            Map<String, Object> details = details(this, "from_account", from, null, null, money);
            details.put("to_iban", payeeIban);
            return details;
        }
    }

    /** The provider paid an external payment: its money moves from clearing to settlement, out of the bank. */
    public record PaymentSettlement(BigDecimal amount, Currency paymentCurrency, String reference,
                                    IdempotencyKey idempotencyKey) implements Movement {
        public PaymentSettlement {
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT_SETTLED;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of();
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account clearing = bank.clearing(paymentCurrency);
            return Plan.checked(amounts, this, clearing, money -> Plan.legs(money, false,
                    new Leg(clearing, money.negate()), new Leg(bank.settlement(money.currency()), money)));
        }

        public Map<String, Object> auditDetails(Money money) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("amount", money.amount());
            details.put("currency", money.currency().getCurrencyCode());
            details.put("idempotency_key", idempotencyKey.value());
            return details;
        }
    }

    /** The provider refused an external payment: its money moves from clearing back to the payer. */
    public record PaymentReturn(AccountNumber to, BigDecimal amount, Currency paymentCurrency, String reference,
                                IdempotencyKey idempotencyKey) implements Movement {
        public PaymentReturn {
            requireNonNull(to, "account");
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT_RETURNED;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), to, amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(to);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account payer = locked.apply(to);
            return Plan.checked(amounts, this, payer, money -> Plan.legs(money, false,
                    new Leg(bank.clearing(money.currency()), money.negate()), new Leg(payer, money)));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "account", to, null, null, money);
        }
    }

    /**
     * A payment fraud screening held: the payer is debited and the clearing account credited, whether the payee is at
     * this bank or another, so the money is neither spendable nor sent while an analyst looks. It ends as a
     * {@link HoldRelease} (internal payee), a {@link PaymentSettlement} after release (external payee), or a
     * {@link PaymentReturn}.
     *
     * @param payee the payee's account or IBAN, as paid: for the audit row only, no money moves there yet
     */
    public record HeldPayment(AccountNumber from, String payee, BigDecimal amount, Currency paymentCurrency, String reference,
                              IdempotencyKey idempotencyKey) implements Movement {
        public HeldPayment {
            requireNonNull(from, "from_account");
            requireNonNull(payee, "payee account");
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT_HELD;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), from, payee, amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(from);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            return payerToClearing(this, locked.apply(from), bank, amounts);
        }

        public Map<String, Object> auditDetails(Money money) {
            Map<String, Object> details = details(this, "from_account", from, null, null, money);
            details.put("payee_account", payee);
            return details;
        }
    }

    /** An analyst released a held payment to a payee at this bank: its money moves from clearing to the payee. */
    public record HoldRelease(AccountNumber to, BigDecimal amount, Currency paymentCurrency, String reference,
                              IdempotencyKey idempotencyKey) implements Movement {
        public HoldRelease {
            requireNonNull(to, "payee account");
            amount = requireAmount(amount);
            requireNonNull(paymentCurrency, "currency");
            reference = Reference.clean(reference);
            requireNonNull(idempotencyKey, "idempotency_key");
        }

        public EntryKind kind() {
            return EntryKind.PAYMENT_RELEASED;
        }

        public Optional<Currency> currency() {
            return Optional.of(paymentCurrency);
        }

        public String fingerprint() {
            return Fingerprint.of(kind(), to, amount, paymentCurrency, reference);
        }

        public List<AccountNumber> accounts() {
            return List.of(to);
        }

        public Plan plan(Function<AccountNumber, Account> locked, BankAccounts bank, AmountRules amounts) {
            Account payee = locked.apply(to);
            return Plan.notALoan(payee).orElseGet(() -> Plan.checked(amounts, this, payee, money -> Plan.legs(money, false,
                    new Leg(bank.clearing(money.currency()), money.negate()), new Leg(payee, money))));
        }

        public Map<String, Object> auditDetails(Money money) {
            return details(this, "to_account", to, null, null, money);
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

    /** The payer debited and the clearing account credited: how a payment leaves, to a provider or into a hold. */
    private static Plan payerToClearing(Movement movement, Account payer, BankAccounts bank, AmountRules amounts) {
        return Plan.notALoan(payer).orElseGet(() -> Plan.checked(amounts, movement, payer, money -> Plan.legs(money, true,
                new Leg(payer, money.negate()), new Leg(bank.clearing(money.currency()), money))));
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
                if (leg.account().isInternal()) {
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

        /** A refusal when a plain movement names a loan account. */
        static Optional<Plan> notALoan(Account account) {
            return account.refusalAsPlainAccount().map(refusal -> new Refused(Rejected.from(refusal)));
        }

        /** A refusal unless {@code loan} is a loan account and {@code other} is not one, both in one currency. */
        static Optional<Plan> loanAndOther(Account loan, Account other) {
            if (loan.kind() != AccountKind.LOAN) {
                return Optional.of(new Refused(new Rejected(Reason.NOT_FOR_LOANS, "Account " + loan.number() + " is not a loan account.")));
            }
            if (other.kind() == AccountKind.LOAN) {
                return Optional.of(new Refused(Rejected.from(other.refusalAsPlainAccount().orElseThrow())));
            }
            if (!loan.currency().equals(other.currency())) {
                return Optional.of(new Refused(new Rejected(Reason.CURRENCY_MISMATCH, "Loan account " + loan.number() + " is in "
                        + loan.currency() + " but account " + other.number() + " holds " + other.currency() + ".")));
            }
            return Optional.empty();
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
