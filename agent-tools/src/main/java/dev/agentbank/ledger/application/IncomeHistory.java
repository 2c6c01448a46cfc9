package dev.agentbank.ledger.application;

import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Objects;

/**
 * What the ledger shows a customer earns: the money that came in from outside their own accounts. Lending reads it to
 * check the income an applicant states.
 */
public final class IncomeHistory {
    /** The window income is averaged over: three months of 30 days. */
    public static final Duration WINDOW = Duration.ofDays(90);
    private static final BigDecimal MONTHS = BigDecimal.valueOf(3);

    private final Jdbc jdbc;

    public IncomeHistory(Jdbc jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * The average monthly credits into the customer's checking and savings accounts in {@code currency} over the 90
     * days before {@code now}: the sum of credits posted in (now − 90 days, now], divided by 3, rounded down to the cent.
     * Counted: deposits, and transfers in from accounts that are not the customer's own. Not counted: transfers
     * between the customer's own accounts, opening balances, reversals (a reversed withdrawal gives back, it does not
     * earn), entries reversed by {@code now} (a deposit taken back was never income), and any other kind of entry (a
     * loan's payout is not income).
     */
    public Money averageMonthlyIncome(long customerId, Currency currency, Instant now) {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(now, "now");
        long minor = jdbc.query("read the customer's income from the ledger", connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT COALESCE(sum(p.amount_minor), 0)
                    FROM posting p
                    JOIN account a ON a.id = p.account_id
                    JOIN journal_entry e ON e.id = p.entry_id
                    WHERE a.customer_id = ? AND a.kind IN ('CHECKING', 'SAVINGS') AND p.currency = ?
                      AND p.amount_minor > 0
                      AND e.kind IN ('DEPOSIT', 'TRANSFER')
                      AND e.posted_at > ? AND e.posted_at <= ?
                      AND NOT EXISTS (SELECT 1 FROM journal_entry r WHERE r.reverses_entry_id = e.id AND r.posted_at <= ?)
                      AND NOT EXISTS (SELECT 1 FROM posting o JOIN account oa ON oa.id = o.account_id
                                      WHERE o.entry_id = e.id AND o.amount_minor < 0 AND oa.customer_id = a.customer_id)""")) {
                OffsetDateTime end = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                select.setLong(1, customerId);
                select.setString(2, currency.getCurrencyCode());
                select.setObject(3, end.minus(WINDOW));
                select.setObject(4, end);
                select.setObject(5, end);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        BigDecimal total = Money.ofMinor(minor, currency).amount();
        return new Money(total.divide(MONTHS, Money.scaleOf(currency), RoundingMode.DOWN), currency);
    }
}
