package dev.agentbank.lending.jdbc;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Installment;
import dev.agentbank.lending.model.Loan;
import dev.agentbank.lending.model.LoanId;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loan book in SQL: loans, their installments and the repayments applied to them. Callers own the transaction. */
public final class Loans {
    private static final String COLUMNS = """
            id, application_id, customer_id, loan_account, disbursement_account, currency, principal_minor,
            nominal_rate_percent, fee_minor, status, created_at, disbursed_at, closed_at, disbursement_entry_id""";

    /** A repayment as recorded: what a retry under the same key answers with. */
    public record RecordedRepayment(long entryId, LoanId loanId, String fromAccount, Money principal, Money interest,
                                    Instant paidAt) {
        public Money total() {
            return principal.plus(interest);
        }
    }

    public enum Source { COLLECTION, REPAYMENT }

    /** Stores a new loan (DISBURSING) and its schedule. */
    public void insert(Connection connection, Loan loan, long loanAccountId, Instant createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO loan (id, application_id, customer_id, loan_account_id, loan_account, disbursement_account, currency,
                    principal_minor, nominal_rate_percent, term_months, fee_minor, first_due_date, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, loan.id().value());
            insert.setString(2, loan.applicationId().value());
            insert.setLong(3, loan.customerId());
            insert.setLong(4, loanAccountId);
            insert.setString(5, loan.loanAccount().value());
            insert.setString(6, loan.disbursementAccount().value());
            insert.setString(7, loan.principal().currency().getCurrencyCode());
            insert.setLong(8, loan.principal().minorUnits());
            insert.setBigDecimal(9, loan.nominalRatePercent());
            insert.setInt(10, loan.termMonths());
            insert.setLong(11, loan.fee().minorUnits());
            insert.setObject(12, loan.firstDueDate());
            insert.setString(13, loan.status().name());
            insert.setObject(14, utc(createdAt));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO loan_installment (loan_id, number, due_date, principal_minor, interest_minor, amount_minor, status)
                VALUES (?, ?, ?, ?, ?, ?, 'DUE')""")) {
            for (Loan.Row row : loan.rows()) {
                insert.setString(1, loan.id().value());
                insert.setInt(2, row.number());
                insert.setObject(3, row.dueDate());
                insert.setLong(4, row.planned().principal().minorUnits());
                insert.setLong(5, row.planned().interest().minorUnits());
                insert.setLong(6, row.planned().payment().minorUnits());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The payout was posted: the loan turns ACTIVE with its entry. A second caller finds it done and changes nothing. */
    public void markDisbursed(Connection connection, LoanId id, long entryId, Instant disbursedAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE loan SET status = 'ACTIVE', disbursement_entry_id = ?, disbursed_at = ?
                WHERE id = ? AND status = 'DISBURSING'""")) {
            update.setLong(1, entryId);
            update.setObject(2, utc(disbursedAt));
            update.setString(3, id.value());
            update.executeUpdate();
        }
    }

    public Optional<Loan> find(Connection connection, LoanId id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM loan WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, id.value());
            return read(connection, select).stream().findFirst();
        }
    }

    /** The id of the entry that paid the loan out, once it was. */
    public Optional<Long> disbursementEntry(Connection connection, LoanId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT disbursement_entry_id FROM loan WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long entry = rs.getLong(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(entry);
            }
        }
    }

    /** A customer's loans, newest first. */
    public List<Loan> ofCustomer(Connection connection, long customerId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM loan WHERE customer_id = ? ORDER BY created_at DESC, id")) {
            select.setLong(1, customerId);
            return read(connection, select);
        }
    }

    /** Active loans with an unpaid installment due on or before {@code today}: what the collection job visits. */
    public List<LoanId> withInstallmentsDue(Connection connection, LocalDate today) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT DISTINCT l.id FROM loan l JOIN loan_installment i ON i.loan_id = l.id
                WHERE l.status = 'ACTIVE' AND i.status <> 'PAID' AND i.due_date <= ? ORDER BY l.id""")) {
            select.setObject(1, today);
            List<LoanId> ids = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(new LoanId(rs.getString(1)));
                }
            }
            return ids;
        }
    }

    /** Saves the loan's installments and status as they are after a repayment or a failed collection. */
    public void save(Connection connection, Loan loan, Long completingEntryId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE loan_installment SET principal_paid_minor = ?, interest_paid_minor = ?, status = ?, paid_at = ?,
                    collecting_entry_id = CASE WHEN ? = 'PAID' AND status <> 'PAID' THEN ? ELSE collecting_entry_id END
                WHERE loan_id = ? AND number = ?""")) {
            for (Loan.Row row : loan.rows()) {
                update.setLong(1, row.principalPaid().minorUnits());
                update.setLong(2, row.interestPaid().minorUnits());
                update.setString(3, row.status().name());
                update.setObject(4, row.paidAt() == null ? null : utc(row.paidAt()));
                update.setString(5, row.status().name());
                update.setObject(6, completingEntryId, Types.BIGINT);
                update.setString(7, loan.id().value());
                update.setInt(8, row.number());
                update.addBatch();
            }
            update.executeBatch();
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE loan SET status = ?, closed_at = ? WHERE id = ?")) {
            update.setString(1, loan.status().name());
            update.setObject(2, loan.closedAt() == null ? null : utc(loan.closedAt()));
            update.setString(3, loan.id().value());
            update.executeUpdate();
        }
    }

    /** Records how a posted entry repaid a loan, under the actor's key. */
    public void recordRepayment(Connection connection, long entryId, LoanId loanId, Actor actor, String key, String fromAccount,
                                Money principal, Money interest, Source source, Instant paidAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO loan_repayment (entry_id, loan_id, actor, idempotency_key, from_account, principal_minor,
                    interest_minor, source, paid_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setLong(1, entryId);
            insert.setString(2, loanId.value());
            insert.setString(3, actor.id());
            insert.setString(4, key);
            insert.setString(5, fromAccount);
            insert.setLong(6, principal.minorUnits());
            insert.setLong(7, interest.minorUnits());
            insert.setString(8, source.name());
            insert.setObject(9, utc(paidAt));
            insert.executeUpdate();
        }
    }

    /** The repayment this actor recorded under this key, if any. */
    public Optional<RecordedRepayment> findRepayment(Connection connection, Actor actor, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT r.entry_id, r.loan_id, r.from_account, r.principal_minor, r.interest_minor, r.paid_at, l.currency
                FROM loan_repayment r JOIN loan l ON l.id = r.loan_id WHERE r.actor = ? AND r.idempotency_key = ?""")) {
            select.setString(1, actor.id());
            select.setString(2, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Currency currency = Currency.getInstance(rs.getString(7));
                return Optional.of(new RecordedRepayment(rs.getLong(1), new LoanId(rs.getString(2)), rs.getString(3),
                        Money.ofMinor(rs.getLong(4), currency), Money.ofMinor(rs.getLong(5), currency),
                        rs.getObject(6, OffsetDateTime.class).toInstant()));
            }
        }
    }

    private static List<Loan> read(Connection connection, PreparedStatement select) throws SQLException {
        record Head(LoanId id, ApplicationId application, long customerId, AccountNumber loanAccount, AccountNumber payout,
                    Currency currency, long principal, java.math.BigDecimal rate, long fee, Loan.Status status, Instant createdAt,
                    Instant disbursedAt, Instant closedAt) {}
        List<Head> heads = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                heads.add(new Head(new LoanId(rs.getString(1)), new ApplicationId(rs.getString(2)), rs.getLong(3),
                        new AccountNumber(rs.getString(4)), new AccountNumber(rs.getString(5)), Currency.getInstance(rs.getString(6)),
                        rs.getLong(7), rs.getBigDecimal(8), rs.getLong(9), Loan.Status.valueOf(rs.getString(10)),
                        instant(rs, 11), instant(rs, 12), instant(rs, 13)));
            }
        }
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<LoanId, List<Loan.Row>> rows = rows(connection, heads.stream().map(h -> h.id().value()).toList(),
                heads.stream().collect(LinkedHashMap::new, (m, h) -> m.put(h.id(), h.currency()), Map::putAll));
        List<Loan> loans = new ArrayList<>();
        for (Head h : heads) {
            Instant paidOut = h.disbursedAt() != null ? h.disbursedAt() : h.createdAt();
            loans.add(new Loan(h.id(), h.application(), h.customerId(), h.loanAccount(), h.payout(),
                    Money.ofMinor(h.principal(), h.currency()), h.rate(), Money.ofMinor(h.fee(), h.currency()),
                    LocalDate.ofInstant(paidOut, ZoneOffset.UTC), h.status(), h.closedAt(), rows.get(h.id())));
        }
        return loans;
    }

    private static Map<LoanId, List<Loan.Row>> rows(Connection connection, List<String> ids, Map<LoanId, Currency> currencies)
            throws SQLException {
        Map<LoanId, List<Loan.Row>> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT loan_id, number, due_date, principal_minor, interest_minor, principal_paid_minor, interest_paid_minor,
                    status, paid_at
                FROM loan_installment WHERE loan_id = ANY (?) ORDER BY loan_id, number""")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    LoanId id = new LoanId(rs.getString(1));
                    Currency currency = currencies.get(id);
                    Money principal = Money.ofMinor(rs.getLong(4), currency);
                    Money interest = Money.ofMinor(rs.getLong(5), currency);
                    Installment planned = new Installment(rs.getInt(2), rs.getObject(3, LocalDate.class), principal, interest,
                            principal.plus(interest));
                    rows.computeIfAbsent(id, k -> new ArrayList<>()).add(new Loan.Row(planned, Money.ofMinor(rs.getLong(6), currency),
                            Money.ofMinor(rs.getLong(7), currency), Loan.RowStatus.valueOf(rs.getString(8)), instant(rs, 9)));
                }
            }
        }
        return rows;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
