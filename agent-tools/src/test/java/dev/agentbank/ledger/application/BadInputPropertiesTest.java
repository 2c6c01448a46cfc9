package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.model.Commands.Deposit;
import dev.agentbank.ledger.model.Commands.Transfer;
import dev.agentbank.ledger.model.Commands.Withdrawal;
import dev.agentbank.ledger.model.LedgerOutcome.Reason;
import dev.agentbank.ledger.model.LedgerOutcome.Rejected;
import dev.agentbank.ledger.model.LedgerOutcome;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever is wrong with a request, the ledger answers with a rejection (or InvalidRequest) and writes nothing. */
class BadInputPropertiesTest {
    private static final IdempotencyKey USED_KEY = new IdempotencyKey("already-used-for-a-deposit");

    private static TestBank bank;
    private static AccountNumber alice;
    private static AccountNumber bob;
    private static AccountNumber frozen;
    private static AccountNumber dollars;

    @BeforeContainer
    static void openBank() {
        bank = TestBank.create();
        alice = bank.checking("250.00");
        bob = bank.checking("10.00");
        frozen = bank.checking("50.00");
        bank.freeze(frozen);
        dollars = bank.account(bank.customer()).currency("USD").opening("100.00").open();
        TestBank.posted(bank.ledger().post(bank.teller, new Deposit(alice, new BigDecimal("1.00"), Optional.empty(), null, USED_KEY)));
    }

    @AfterContainer
    static void closeBank() {
        if (bank == null) {
            return;
        }
        try {
            assertThat(bank.runtime().invariants().violations()).isEmpty();
            assertThat(bank.balance(alice)).isEqualTo(Money.of("251.00", "EUR"));
            assertThat(bank.balance(bob)).isEqualTo(Money.of("10.00", "EUR"));
        } finally {
            bank.close();
        }
    }

    /** One bad request, named for the report. */
    record Bad(String description, Set<Reason> acceptable, Supplier<LedgerOutcome> send) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Property(tries = 30)
    void badRequestsLeaveTheDatabaseUnchanged(@ForAll("badRequests") Bad request) {
        TestBank.Snapshot before = bank.snapshot();

        LedgerOutcome outcome;
        try {
            outcome = request.send().get();
        } catch (InvalidRequest invalid) {
            outcome = null;
            assertThat(invalid.getMessage()).isNotBlank();
        }

        if (outcome != null) {
            assertThat(outcome).isInstanceOf(Rejected.class);
            assertThat(((Rejected) outcome).reason()).isIn(request.acceptable());
            assertThat(((Rejected) outcome).message()).isNotBlank();
        }
        assertThat(bank.snapshot()).isEqualTo(before);
    }

    @Provide
    Arbitrary<Bad> badRequests() {
        return Arbitraries.oneOf(badAmounts(), unknownAccounts(), wrongCurrencies(), insufficientFunds(), frozenAccounts(), reusedKeys());
    }

    private enum Kind { DEPOSIT, WITHDRAWAL, TRANSFER }

    private static LedgerOutcome send(Kind kind, AccountNumber account, AccountNumber other, BigDecimal amount,
                                      Optional<Currency> currency, IdempotencyKey key) {
        return switch (kind) {
            case DEPOSIT -> bank.ledger().post(bank.teller, new Deposit(account, amount, currency, null, key));
            case WITHDRAWAL -> bank.ledger().post(bank.teller, new Withdrawal(account, amount, currency, null, key));
            case TRANSFER -> bank.ledger().post(bank.teller, new Transfer(account, other, amount, currency, null, key));
        };
    }

    private static Arbitrary<Kind> kinds() {
        return Arbitraries.of(Kind.class);
    }

    private Arbitrary<Bad> badAmounts() {
        Arbitrary<BigDecimal> tooPrecise = Combinators.combine(
                Arbitraries.longs().between(1, 10_000_000L), Arbitraries.integers().between(3, 30))
                .as((unscaled, scale) -> new BigDecimal(BigInteger.valueOf(unscaled * 10 + 7), scale));
        Arbitrary<BigDecimal> tooLarge = Arbitraries.bigDecimals().between(new BigDecimal("1000000.01"), new BigDecimal("1E+25")).ofScale(2);
        Arbitrary<BigDecimal> notPositive = Arbitraries.bigDecimals().between(new BigDecimal("-1E+6"), BigDecimal.ZERO).ofScale(2);
        return Combinators.combine(kinds(), Arbitraries.oneOf(tooPrecise, tooLarge, notPositive))
                .as((kind, amount) -> new Bad(kind + " of " + amount.toPlainString(), Set.of(Reason.INVALID_AMOUNT),
                        () -> send(kind, alice, bob, amount, Optional.empty(), newKey())));
    }

    private Arbitrary<Bad> unknownAccounts() {
        return Combinators.combine(kinds(), Arbitraries.longs().between(50_000_000L, 99_999_999L), Arbitraries.of(true, false))
                .as((kind, serial, unknownFirst) -> {
                    AccountNumber unknown = AccountNumber.fromSerial(serial);
                    AccountNumber first = unknownFirst ? unknown : alice;
                    AccountNumber second = unknownFirst ? alice : unknown;
                    AccountNumber target = kind == Kind.TRANSFER ? first : unknown;
                    return new Bad(kind + " touching unknown " + unknown, Set.of(Reason.ACCOUNT_NOT_FOUND),
                            () -> send(kind, target, second, new BigDecimal("1.00"), Optional.empty(), newKey()));
                });
    }

    private Arbitrary<Bad> wrongCurrencies() {
        Arbitrary<Currency> notEuro = Arbitraries.of("USD", "GBP", "JPY", "CHF", "SEK").map(Currency::getInstance);
        Arbitrary<Bad> named = Combinators.combine(kinds(), notEuro)
                .as((kind, currency) -> new Bad(kind + " naming " + currency, Set.of(Reason.CURRENCY_MISMATCH),
                        () -> send(kind, alice, bob, new BigDecimal("1.00"), Optional.of(currency), newKey())));
        Arbitrary<Bad> acrossCurrencies = Arbitraries.of(true, false)
                .map(euroFirst -> new Bad("transfer between EUR and USD", Set.of(Reason.CURRENCY_MISMATCH),
                        () -> euroFirst ? send(Kind.TRANSFER, alice, dollars, BigDecimal.ONE, Optional.empty(), newKey())
                                : send(Kind.TRANSFER, dollars, alice, BigDecimal.ONE, Optional.empty(), newKey())));
        return Arbitraries.oneOf(named, acrossCurrencies);
    }

    private Arbitrary<Bad> insufficientFunds() {
        return Combinators.combine(Arbitraries.of(Kind.WITHDRAWAL, Kind.TRANSFER),
                        Arbitraries.bigDecimals().between(new BigDecimal("10.01"), new BigDecimal("1000000.00")).ofScale(2))
                .as((kind, amount) -> new Bad(kind + " of " + amount + " from an account holding 10.00", Set.of(Reason.INSUFFICIENT_FUNDS),
                        () -> send(kind, bob, alice, amount, Optional.empty(), newKey())));
    }

    private Arbitrary<Bad> frozenAccounts() {
        // money may arrive on a frozen account; none may leave it
        return kinds().filter(kind -> kind != Kind.DEPOSIT)
                .map(kind -> new Bad(kind + " out of a frozen account", Set.of(Reason.ACCOUNT_NOT_OPEN),
                        () -> send(kind, frozen, alice, BigDecimal.ONE, Optional.empty(), newKey())));
    }

    private Arbitrary<Bad> reusedKeys() {
        return Combinators.combine(kinds(), Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("0.99")).ofScale(2))
                .as((kind, amount) -> new Bad(kind + " of " + amount + " under a key already used", Set.of(Reason.IDEMPOTENCY_KEY_REUSED),
                        () -> send(kind, alice, bob, amount, Optional.empty(), USED_KEY)));
    }
}
