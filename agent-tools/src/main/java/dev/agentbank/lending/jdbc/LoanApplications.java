package dev.agentbank.lending.jdbc;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.EmploymentStatus;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Common;
import dev.agentbank.lending.model.LoanApplication.Status;
import dev.agentbank.lending.model.LoanFields;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;

/**
 * Loan applications in the {@code loan_application} table, in the caller's transaction: the application service
 * opens it (through {@code Jdbc}) so that a change and its audit event commit together. This version stores drafts,
 * expired drafts and submitted applications with their consent; a row in a later state is refused when read, until the
 * migration that brings that state.
 */
public final class LoanApplications {
    private static final String COLUMNS = """
            id, customer_id, product_code, status, currency, amount_minor, term_months, purpose, monthly_net_income_minor,
            monthly_housing_cost_minor, monthly_debt_payments_minor, employment_status, months_employed,
            disbursement_account, created_at, last_touched_at, expired_from, expired_at""";
    /** Read with every row; written by {@link #save}, never by {@link #insert} (a new draft has no submission). */
    private static final String READ = COLUMNS + ", submitted_at, consent_channel, consent_given_by, consent_at";

    /** Stores a new draft started by {@code createdBy} under {@code idempotencyKey}; a duplicate key fails with 23505. */
    public void insert(Connection connection, LoanApplication.Draft draft, Currency currency, Actor createdBy,
                       String idempotencyKey) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO loan_application (%s, created_by, idempotency_key)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""".formatted(COLUMNS))) {
            insert.setString(1, draft.id().value());
            insert.setLong(2, draft.customerId());
            insert.setString(3, draft.productCode());
            insert.setString(4, draft.status().name());
            insert.setString(5, currency.getCurrencyCode());
            setFields(insert, 6, draft.fields());
            insert.setObject(15, utc(draft.createdAt()));
            insert.setObject(16, utc(draft.lastTouchedAt()));
            setExpiry(insert, 17, draft);
            insert.setString(19, createdBy.id());
            insert.setString(20, idempotencyKey);
            insert.executeUpdate();
        }
    }

    /** Saves the state, fields and times of an application already stored. */
    public void save(Connection connection, LoanApplication application) throws SQLException {
        if (application.status() != Status.DRAFT && application.status() != Status.EXPIRED
                && application.status() != Status.SUBMITTED) {
            throw new IllegalArgumentException("this version stores drafts, expired drafts and submitted applications, not "
                    + application.status());
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE loan_application SET status = ?, amount_minor = ?, term_months = ?, purpose = ?,
                    monthly_net_income_minor = ?, monthly_housing_cost_minor = ?, monthly_debt_payments_minor = ?,
                    employment_status = ?, months_employed = ?, disbursement_account = ?, last_touched_at = ?,
                    expired_from = ?, expired_at = ?, submitted_at = ?, consent_channel = ?, consent_given_by = ?,
                    consent_at = ?
                WHERE id = ?""")) {
            update.setString(1, application.status().name());
            setFields(update, 2, application.fields());
            update.setObject(11, utc(application.lastTouchedAt()));
            setExpiry(update, 12, application);
            setSubmission(update, 14, application);
            update.setString(18, application.id().value());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("loan application " + application.id() + " is not stored");
            }
        }
    }

    /** Saves a submission made by a submit call under {@code submitKey}: a retry with that key answers as this one did. */
    public void saveSubmitted(Connection connection, LoanApplication.Submitted submitted, String submitKey) throws SQLException {
        save(connection, submitted);
        try (PreparedStatement update = connection.prepareStatement("UPDATE loan_application SET submit_key = ? WHERE id = ?")) {
            update.setString(1, submitKey);
            update.setString(2, submitted.id().value());
            update.executeUpdate();
        }
    }

    /** The idempotency key the application was submitted under, if it was. */
    public Optional<String> submitKey(Connection connection, ApplicationId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT submit_key FROM loan_application WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** The application with this id, locked until the transaction ends when {@code forUpdate}. */
    public Optional<LoanApplication> find(Connection connection, ApplicationId id, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + READ + " FROM loan_application WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setString(1, id.value());
            List<LoanApplication> found = read(select);
            return found.stream().findFirst();
        }
    }

    /** The application {@code createdBy} started under this key, if any: a retried start returns it. */
    public Optional<LoanApplication> findStartedWith(Connection connection, Actor createdBy, String idempotencyKey)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + READ + " FROM loan_application WHERE created_by = ? AND idempotency_key = ? FOR UPDATE")) {
            select.setString(1, createdBy.id());
            select.setString(2, idempotencyKey);
            return read(select).stream().findFirst();
        }
    }

    /** A customer's applications, newest first, locked when {@code forUpdate} (a read may expire some). */
    public List<LoanApplication> ofCustomer(Connection connection, long customerId, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + READ
                + " FROM loan_application WHERE customer_id = ? ORDER BY created_at DESC, id" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setLong(1, customerId);
            return read(select);
        }
    }

    private static void setFields(PreparedStatement statement, int first, LoanFields fields) throws SQLException {
        setMinor(statement, first, fields.amount());
        setInteger(statement, first + 1, fields.termMonths());
        statement.setString(first + 2, fields.purpose());
        setMinor(statement, first + 3, fields.monthlyNetIncome());
        setMinor(statement, first + 4, fields.monthlyHousingCost());
        setMinor(statement, first + 5, fields.monthlyDebtPayments());
        statement.setString(first + 6, fields.employmentStatus() == null ? null : fields.employmentStatus().name());
        setInteger(statement, first + 7, fields.monthsEmployed());
        statement.setString(first + 8, fields.disbursementAccount() == null ? null : fields.disbursementAccount().value());
    }

    private static void setExpiry(PreparedStatement statement, int first, LoanApplication application) throws SQLException {
        if (application instanceof LoanApplication.Expired expired) {
            statement.setString(first, expired.expiredFrom().name());
            statement.setObject(first + 1, utc(expired.expiredAt()));
        } else {
            statement.setNull(first, Types.VARCHAR);
            statement.setNull(first + 1, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static void setSubmission(PreparedStatement statement, int first, LoanApplication application) throws SQLException {
        if (application instanceof LoanApplication.Submitted submitted) {
            LoanApplication.Submission submission = submitted.submission();
            statement.setObject(first, utc(submission.submittedAt()));
            statement.setString(first + 1, submission.consent().channel());
            statement.setString(first + 2, submission.consent().givenBy());
            statement.setObject(first + 3, utc(submission.consent().at()));
        } else {
            statement.setNull(first, Types.TIMESTAMP_WITH_TIMEZONE);
            statement.setNull(first + 1, Types.VARCHAR);
            statement.setNull(first + 2, Types.VARCHAR);
            statement.setNull(first + 3, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static List<LoanApplication> read(PreparedStatement select) throws SQLException {
        List<LoanApplication> applications = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                applications.add(application(rs));
            }
        }
        return List.copyOf(applications);
    }

    private static LoanApplication application(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        Currency currency = Currency.getInstance(rs.getString("currency"));
        String employment = rs.getString("employment_status");
        String account = rs.getString("disbursement_account");
        LoanFields fields = new LoanFields(money(rs, "amount_minor", currency), integer(rs, "term_months"), rs.getString("purpose"),
                money(rs, "monthly_net_income_minor", currency), money(rs, "monthly_housing_cost_minor", currency),
                money(rs, "monthly_debt_payments_minor", currency),
                employment == null ? null : EmploymentStatus.valueOf(employment), integer(rs, "months_employed"),
                account == null ? null : new AccountNumber(account));
        Common common = new Common(new ApplicationId(id), rs.getLong("customer_id"), rs.getString("product_code"), fields,
                instant(rs, "created_at"), instant(rs, "last_touched_at"));
        Status status = Status.valueOf(rs.getString("status"));
        return switch (status) {
            case DRAFT -> new LoanApplication.Draft(common);
            case EXPIRED -> new LoanApplication.Expired(common, Status.valueOf(rs.getString("expired_from")),
                    instant(rs, "expired_at"));
            case SUBMITTED -> new LoanApplication.Submitted(common, new LoanApplication.Submission(
                    new Consent(rs.getString("consent_channel"), rs.getString("consent_given_by"), instant(rs, "consent_at")),
                    instant(rs, "submitted_at")));
            default -> throw new IllegalStateException("loan application " + id + " is " + status
                    + ", which this version cannot read yet");
        };
    }

    private static void setMinor(PreparedStatement statement, int index, Money money) throws SQLException {
        if (money == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, money.minorUnits());
        }
    }

    private static void setInteger(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    private static Money money(ResultSet rs, String column, Currency currency) throws SQLException {
        long minor = rs.getLong(column);
        return rs.wasNull() ? null : Money.ofMinor(minor, currency);
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
