package dev.agentbank.ledger.application;

import static dev.agentbank.testing.TestBank.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.ledger.application.AccountHistory.Page;
import dev.agentbank.ledger.application.AccountHistory.Row;
import dev.agentbank.ledger.model.Commands;
import dev.agentbank.ledger.model.EntryKind;
import dev.agentbank.ledger.model.HistoryQuery;
import dev.agentbank.ledger.model.Receipt;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.money.Money;
import dev.agentbank.testing.MutableClock;
import dev.agentbank.testing.TestBank;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountHistoryTest {
    private static final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T09:00:00Z"));
    private static TestBank bank;

    @BeforeAll
    static void openBank() {
        bank = TestBank.create(clock);
    }

    @AfterAll
    static void closeBank() {
        bank.close();
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static Page page(AccountNumber account, HistoryQuery query) {
        return bank.runtime().history().page(account, query).orElseThrow();
    }

    private static HistoryQuery query(int limit, Instant from, Instant to, Set<EntryKind> kinds) {
        return new HistoryQuery(limit, Optional.empty(), Optional.ofNullable(from), Optional.ofNullable(to), kinds);
    }

    @Test
    void listsNewestFirstWithTheBalanceAfterEachRow() {
        AccountNumber account = bank.account(bank.customer()).open();
        AccountNumber other = bank.checking("100.00");
        Receipt d1 = bank.deposit(account, "10.00");
        Receipt d2 = bank.deposit(account, "20.00");
        Receipt w = bank.withdraw(account, "5.00");
        Receipt t = TestBank.posted(bank.ledger().post(bank.teller, new Commands.Transfer(other, account,
                new BigDecimal("2.50"), Optional.empty(), "pocket money", newKey())));

        Page page = page(account, HistoryQuery.firstPage(10));

        assertThat(page.account()).isEqualTo(account);
        assertThat(page.nextCursor()).isEmpty();
        assertThat(page.rows()).extracting(Row::transactionId)
                .containsExactly(t.transactionId(), w.transactionId(), d2.transactionId(), d1.transactionId());
        assertThat(page.rows()).extracting(Row::kind)
                .containsExactly(EntryKind.TRANSFER, EntryKind.WITHDRAWAL, EntryKind.DEPOSIT, EntryKind.DEPOSIT);
        assertThat(page.rows()).extracting(Row::amount)
                .containsExactly(eur("2.50"), eur("-5.00"), eur("20.00"), eur("10.00"));
        assertThat(page.rows()).extracting(Row::balanceAfter)
                .containsExactly(eur("27.50"), eur("25.00"), eur("30.00"), eur("10.00"));
        assertThat(page.rows().getFirst().reference()).isEqualTo("pocket money");
        assertThat(page.rows().getFirst().postedAt()).isEqualTo(t.postedAt());
        // each row's balance is the one below it plus its own amount
        for (int i = 0; i < page.rows().size() - 1; i++) {
            Row row = page.rows().get(i);
            assertThat(row.balanceAfter()).isEqualTo(page.rows().get(i + 1).balanceAfter().plus(row.amount()));
        }
        // the payer sees the same transfer with its own sign
        assertThat(page(other, HistoryQuery.firstPage(1)).rows().getFirst())
                .extracting(Row::transactionId, Row::amount, Row::balanceAfter)
                .containsExactly(t.transactionId(), eur("-2.50"), eur("97.50"));
    }

    @Test
    void pagingIsStableWhileNewPostingsArriveBetweenPages() {
        AccountNumber account = bank.account(bank.customer()).open();
        List<Long> original = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            original.add(bank.deposit(account, i + ".00").transactionId());
        }
        List<Long> expected = original.reversed();

        List<Long> seen = new ArrayList<>();
        HistoryQuery query = HistoryQuery.firstPage(10);
        Page page = page(account, query);
        int pages = 1;
        seen.addAll(page.rows().stream().map(Row::transactionId).toList());
        while (page.nextCursor().isPresent()) {
            // money keeps arriving while the caller reads
            bank.deposit(account, "0.01");
            bank.withdraw(account, "0.01");
            page = page(account, query.after(page.nextCursor().get()));
            pages++;
            seen.addAll(page.rows().stream().map(Row::transactionId).toList());
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void theLastFullPageHasNoCursor() {
        AccountNumber account = bank.account(bank.customer()).open();
        for (int i = 0; i < 6; i++) {
            bank.deposit(account, "1.00");
        }
        Page first = page(account, HistoryQuery.firstPage(3));
        assertThat(first.rows()).hasSize(3);
        assertThat(first.nextCursor()).isPresent();

        Page second = page(account, HistoryQuery.firstPage(3).after(first.nextCursor().get()));

        assertThat(second.rows()).hasSize(3);
        assertThat(second.nextCursor()).isEmpty();
        assertThat(second.rows().getLast().balanceAfter()).isEqualTo(eur("1.00"));
    }

    @Test
    void filtersByDateRangeFromInclusiveToExclusive() {
        Instant day1 = Instant.parse("2025-07-01T10:00:00Z");
        Instant day2 = day1.plus(Duration.ofDays(1));
        Instant day3 = day2.plus(Duration.ofDays(1));
        clock.set(day1);
        AccountNumber account = bank.account(bank.customer()).open();
        Receipt first = bank.deposit(account, "1.00");
        clock.set(day2);
        Receipt second = bank.deposit(account, "2.00");
        Receipt third = bank.withdraw(account, "0.50");
        clock.set(day3);
        Receipt fourth = bank.deposit(account, "4.00");

        Page middle = page(account, query(10, day2, day3, Set.of()));
        Page fromSecondDay = page(account, query(10, day2, null, Set.of()));
        Page beforeSecondDay = page(account, query(10, null, day2, Set.of()));

        assertThat(middle.rows()).extracting(Row::transactionId).containsExactly(third.transactionId(), second.transactionId());
        assertThat(middle.rows()).extracting(Row::postedAt).containsOnly(day2);
        assertThat(fromSecondDay.rows()).extracting(Row::transactionId)
                .containsExactly(fourth.transactionId(), third.transactionId(), second.transactionId());
        assertThat(beforeSecondDay.rows()).extracting(Row::transactionId).containsExactly(first.transactionId());
        assertThat(page(account, query(10, day3.plusSeconds(1), null, Set.of())).rows()).isEmpty();
    }

    @Test
    void filtersByKindAcrossPages() {
        AccountNumber account = bank.checking("100.00");
        AccountNumber other = bank.checking("100.00");
        List<Long> withdrawals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bank.deposit(account, "3.00");
            withdrawals.add(bank.withdraw(account, "1.00").transactionId());
            bank.transfer(other, account, "1.00");
        }
        HistoryQuery onlyWithdrawals = query(2, null, null, Set.of(EntryKind.WITHDRAWAL));

        List<Row> rows = new ArrayList<>();
        Page page = page(account, onlyWithdrawals);
        rows.addAll(page.rows());
        while (page.nextCursor().isPresent()) {
            page = page(account, onlyWithdrawals.after(page.nextCursor().get()));
            rows.addAll(page.rows());
        }

        assertThat(rows).extracting(Row::kind).containsOnly(EntryKind.WITHDRAWAL);
        assertThat(rows).extracting(Row::transactionId).containsExactlyElementsOf(withdrawals.reversed());
        assertThat(page(account, query(100, null, null, Set.of(EntryKind.DEPOSIT, EntryKind.TRANSFER))).rows())
                .hasSize(11).extracting(Row::kind).doesNotContain(EntryKind.WITHDRAWAL);
    }

    @Test
    void anUnknownAccountHasNoHistory() {
        assertThat(bank.runtime().history().page(AccountNumber.fromSerial(99_999_998L), HistoryQuery.firstPage(10))).isEmpty();
    }

    @Test
    void aCursorTheServerDidNotMakeIsAnInvalidRequest() {
        assertThatThrownBy(() -> HistoryQuery.firstPage(10).after("not-a-cursor"))
                .isInstanceOf(InvalidRequest.class).hasMessageContaining("cursor is not one this server returned");
    }
}
