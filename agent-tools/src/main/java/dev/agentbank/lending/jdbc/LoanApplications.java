package dev.agentbank.lending.jdbc;

import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Decision;
import dev.agentbank.lending.model.Offer;
import dev.agentbank.lending.model.RepaymentSchedule;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.lending.model.Consent;
import dev.agentbank.lending.model.EmploymentStatus;
import dev.agentbank.lending.model.LoanApplication;
import dev.agentbank.lending.model.LoanApplication.Common;
import dev.agentbank.lending.model.LoanApplication.Status;
import dev.agentbank.lending.model.LoanFields;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
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
import java.util.stream.Collectors;

/**
 * Loan applications in the {@code loan_application} table, in the caller's transaction: the application service
 * opens it (through {@code Jdbc}) so that a change and its audit event commit together. This version stores drafts,
 * expired applications, submitted applications with their consent, referrals, offers and declines; a row in a later
 * state is refused when read, until the migration that brings that state.
 */
public final class LoanApplications {
    private static final String COLUMNS = """
            id, customer_id, product_code, status, currency, amount_minor, term_months, purpose, monthly_net_income_minor,
            monthly_housing_cost_minor, monthly_debt_payments_minor, employment_status, months_employed,
            disbursement_account, created_at, last_touched_at, expired_from, expired_at""";
    /** Read with every row; written by {@link #save}, never by {@link #insert} (a new draft has no submission). */
    private static final String READ = COLUMNS + """
            , submitted_at, consent_channel, consent_given_by, consent_at, referred_at, offer_band, offer_amount_minor,
            offer_term_months, offer_nominal_rate_percent, offer_fee_minor, offer_installment_minor, offer_first_due_date,
            offer_total_interest_minor, offer_total_repayable_minor, offer_apr_percent, offered_at, offer_expires_at,
            decision_reasons, declined_at, accepted_at, loan_id, disbursement_entry_id, disbursed_at, withdrawn_from,
            withdrawn_at""";

    private final LoanDecisions decisions = new LoanDecisions();

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

    /**
     * Saves the state, fields and times of an application already stored, and what its state holds: the submission, a
     * referral's time (its decision is stored by {@link LoanDecisions}), an offer with its reasons, a decline's reasons.
     * An expired or withdrawn application keeps the columns of the state it left as they were. An accepted application
     * is stored by {@link #saveAccepted}, with the acceptance.
     */
    public void save(Connection connection, LoanApplication application) throws SQLException {
        if (application instanceof LoanApplication.Accepted accepted) {
            throw new IllegalArgumentException("application " + accepted.id() + " is accepted: store it with saveAccepted");
        }
        update(connection, application, columnsOf(connection, application));
    }

    /**
     * Saves an offer accepted by an accept call under {@code acceptKey}, with the customer's confirmation: a retry with
     * that key answers as this one did.
     */
    public void saveAccepted(Connection connection, LoanApplication.Accepted accepted, String acceptKey, Consent acceptance)
            throws SQLException {
        Map<String, Object> columns = columnsOf(connection, accepted);
        columns.put("accept_key", acceptKey);
        columns.put("acceptance_channel", acceptance.channel());
        columns.put("acceptance_given_by", acceptance.givenBy());
        update(connection, accepted, columns);
    }

    /** The idempotency key the offer was accepted under, if it was. */
    public Optional<String> acceptKey(Connection connection, ApplicationId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT accept_key FROM loan_application WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Drafts untouched for {@code draftLifetime} and offers past their expiry at {@code now}, oldest first, at most
     * {@code limit}: the expiry job's queue.
     */
    public List<ApplicationId> dueToExpire(Connection connection, Instant now, Duration draftLifetime, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM loan_application
                WHERE (status = 'DRAFT' AND last_touched_at <= ?) OR (status = 'APPROVED' AND offer_expires_at <= ?)
                ORDER BY last_touched_at, id LIMIT ?""")) {
            select.setObject(1, utc(now.minus(draftLifetime)));
            select.setObject(2, utc(now));
            select.setInt(3, limit);
            List<ApplicationId> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(new ApplicationId(rs.getString(1)));
                }
            }
            return due;
        }
    }

    /** Accepted applications whose payout is not recorded yet, oldest acceptance first: the payout job's queue. */
    public List<ApplicationId> acceptedAwaitingPayout(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM loan_application WHERE status = 'ACCEPTED' ORDER BY accepted_at, id LIMIT ?")) {
            select.setInt(1, limit);
            List<ApplicationId> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(new ApplicationId(rs.getString(1)));
                }
            }
            return due;
        }
    }

    private Map<String, Object> columnsOf(Connection connection, LoanApplication application) throws SQLException {
        // One statement: the table's checks tie each state to its columns, and every statement must satisfy them.
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("status", application.status().name());
        LoanFields f = application.fields();
        columns.put("amount_minor", minor(f.amount()));
        columns.put("term_months", f.termMonths());
        columns.put("purpose", f.purpose());
        columns.put("monthly_net_income_minor", minor(f.monthlyNetIncome()));
        columns.put("monthly_housing_cost_minor", minor(f.monthlyHousingCost()));
        columns.put("monthly_debt_payments_minor", minor(f.monthlyDebtPayments()));
        columns.put("employment_status", f.employmentStatus() == null ? null : f.employmentStatus().name());
        columns.put("months_employed", f.monthsEmployed());
        columns.put("disbursement_account", f.disbursementAccount() == null ? null : f.disbursementAccount().value());
        columns.put("last_touched_at", utc(application.lastTouchedAt()));
        LoanApplication.Expired expired = application instanceof LoanApplication.Expired e ? e : null;
        columns.put("expired_from", expired == null ? null : expired.expiredFrom().name());
        columns.put("expired_at", expired == null ? null : utc(expired.expiredAt()));
        switch (application) {
            case LoanApplication.Draft d -> putSubmission(columns, null);
            case LoanApplication.Submitted s -> putSubmission(columns, s.submission());
            case LoanApplication.Referred r -> {
                putSubmission(columns, r.submission());
                columns.put("referred_at", utc(r.referredAt()));
            }
            case LoanApplication.Approved a -> {
                putSubmission(columns, a.submission());
                putOffer(columns, a.offer());
                columns.put("offered_at", utc(a.offeredAt()));
                columns.put("offer_expires_at", utc(a.offerExpiresAt()));
                columns.put("decision_reasons", connection.createArrayOf("text", a.reasons().toArray()));
            }
            case LoanApplication.Declined d -> {
                putSubmission(columns, d.submission());
                columns.put("decision_reasons", connection.createArrayOf("text", d.reasons().toArray()));
                columns.put("declined_at", utc(d.declinedAt()));
            }
            // an expired offer keeps its submission and offer as they were
            case LoanApplication.Expired e -> { }
            // the offer's columns stay as they were when it was made; the accepted state adds when
            case LoanApplication.Accepted a -> columns.put("accepted_at", utc(a.acceptedAt()));
            case LoanApplication.Disbursed d -> {
                columns.put("accepted_at", utc(d.acceptedAt()));
                columns.put("loan_id", d.loanId());
                columns.put("disbursement_entry_id", d.transactionId());
                columns.put("disbursed_at", utc(d.disbursedAt()));
            }
            case LoanApplication.Withdrawn w -> {
                columns.put("withdrawn_from", w.withdrawnFrom().name());
                columns.put("withdrawn_at", utc(w.withdrawnAt()));
            }
        }
        return columns;
    }

    private static void putOffer(Map<String, Object> columns, Offer offer) {
        columns.put("offer_band", offer.band().name());
        columns.put("offer_amount_minor", offer.amount().minorUnits());
        columns.put("offer_term_months", offer.termMonths());
        columns.put("offer_nominal_rate_percent", offer.nominalRatePercent());
        columns.put("offer_fee_minor", offer.fee().minorUnits());
        columns.put("offer_installment_minor", offer.monthlyInstallment().minorUnits());
        columns.put("offer_first_due_date", offer.firstDueDate());
        columns.put("offer_total_interest_minor", offer.totalInterest().minorUnits());
        columns.put("offer_total_repayable_minor", offer.totalRepayable().minorUnits());
        columns.put("offer_apr_percent", offer.aprPercent());
    }

    private static void update(Connection connection, LoanApplication application, Map<String, Object> columns)
            throws SQLException {
        String set = columns.keySet().stream().map(c -> c + " = ?").collect(Collectors.joining(", "));
        try (PreparedStatement update = connection.prepareStatement("UPDATE loan_application SET " + set + " WHERE id = ?")) {
            int i = 1;
            for (Object value : columns.values()) {
                if (value == null) {
                    update.setNull(i++, Types.OTHER);
                } else {
                    update.setObject(i++, value);
                }
            }
            update.setString(i, application.id().value());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("loan application " + application.id() + " is not stored");
            }
        }
    }

    /** Records who decided a referral, how and why, next to the state {@link #save} stored. */
    public void saveOfficerDecision(Connection connection, ApplicationId id, Status decision, String reason, Actor officer,
                                    Instant at) throws SQLException {
        if (decision != Status.APPROVED && decision != Status.DECLINED) {
            throw new IllegalArgumentException("an officer approves or declines, not " + decision);
        }
        update(connection, """
                UPDATE loan_application SET officer_decision = ?, officer_reason = ?, officer_decided_by = ?,
                    officer_decided_at = ? WHERE id = ?""", id, decision.name(), reason, officer.id(), utc(at));
    }

    /** Submitted applications the retry job should underwrite at {@code now}, oldest first, at most {@code limit}. */
    public List<ApplicationId> dueForUnderwriting(Connection connection, Instant now, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id FROM loan_application
                WHERE status = 'SUBMITTED' AND (next_underwriting_at IS NULL OR next_underwriting_at <= ?)
                ORDER BY submitted_at, id LIMIT ?""")) {
            select.setObject(1, utc(now));
            select.setInt(2, limit);
            List<ApplicationId> due = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    due.add(new ApplicationId(rs.getString(1)));
                }
            }
            return due;
        }
    }

    /** Notes one more failed underwriting attempt; the retry job leaves the application alone until {@code nextAt}. */
    public int underwritingPostponed(Connection connection, ApplicationId id, Instant nextAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE loan_application SET underwriting_attempts = underwriting_attempts + 1, next_underwriting_at = ?
                WHERE id = ? AND status = 'SUBMITTED' RETURNING underwriting_attempts""")) {
            update.setObject(1, utc(nextAt));
            update.setString(2, id.value());
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** How many underwriting attempts found the bureau unavailable. */
    public int underwritingAttempts(Connection connection, ApplicationId id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT underwriting_attempts FROM loan_application WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Every referred application, oldest referral first: a loan officer's queue. */
    public List<LoanApplication> referred(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + READ + " FROM loan_application WHERE status = 'REFERRED' ORDER BY referred_at, id")) {
            return read(connection, select);
        }
    }

    private static void putSubmission(Map<String, Object> columns, LoanApplication.Submission submission) {
        columns.put("submitted_at", submission == null ? null : utc(submission.submittedAt()));
        columns.put("consent_channel", submission == null ? null : submission.consent().channel());
        columns.put("consent_given_by", submission == null ? null : submission.consent().givenBy());
        columns.put("consent_at", submission == null ? null : utc(submission.consent().at()));
    }

    private static Long minor(Money money) {
        return money == null ? null : money.minorUnits();
    }

    /** Runs an update of one application row whose last parameter is its id. */
    private static void update(Connection connection, String sql, ApplicationId id, Object... values) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    update.setNull(i + 1, Types.OTHER);
                } else {
                    update.setObject(i + 1, values[i]);
                }
            }
            update.setString(values.length + 1, id.value());
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("loan application " + id + " is not stored");
            }
        }
    }

    /** Saves a submission made by a submit call under {@code submitKey}: a retry with that key answers as this one did. */
    public void saveSubmitted(Connection connection, LoanApplication.Submitted submitted, String submitKey) throws SQLException {
        Map<String, Object> columns = columnsOf(connection, submitted);
        columns.put("submit_key", submitKey);
        update(connection, submitted, columns);
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
            List<LoanApplication> found = read(connection, select);
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
            return read(connection, select).stream().findFirst();
        }
    }

    /** A customer's applications, newest first, locked when {@code forUpdate} (a read may expire some). */
    public List<LoanApplication> ofCustomer(Connection connection, long customerId, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + READ
                + " FROM loan_application WHERE customer_id = ? ORDER BY created_at DESC, id" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setLong(1, customerId);
            return read(connection, select);
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

    private List<LoanApplication> read(Connection connection, PreparedStatement select) throws SQLException {
        List<LoanApplication> applications = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                applications.add(application(connection, rs));
            }
        }
        return List.copyOf(applications);
    }

    private LoanApplication application(Connection connection, ResultSet rs) throws SQLException {
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
            case SUBMITTED -> new LoanApplication.Submitted(common, submission(rs));
            case REFERRED -> {
                Decision decision = decisions.ofApplication(connection, common.id()).map(LoanDecisions.Stored::decision)
                        .orElseThrow(() -> new IllegalStateException("referred loan application " + id + " has no decision"));
                if (!(decision instanceof Decision.Referred referral)) {
                    throw new IllegalStateException("referred loan application " + id + " has a decision of " + decision.outcome());
                }
                yield new LoanApplication.Referred(common, submission(rs), referral, instant(rs, "referred_at"));
            }
            case APPROVED -> new LoanApplication.Approved(common, submission(rs), offer(rs, common.productCode(), currency),
                    reasons(rs), instant(rs, "offered_at"), instant(rs, "offer_expires_at"));
            case DECLINED -> new LoanApplication.Declined(common, submission(rs), reasons(rs), instant(rs, "declined_at"));
            case ACCEPTED -> new LoanApplication.Accepted(common, submission(rs), offer(rs, common.productCode(), currency),
                    instant(rs, "accepted_at"));
            case DISBURSED -> new LoanApplication.Disbursed(common, submission(rs), offer(rs, common.productCode(), currency),
                    instant(rs, "accepted_at"), rs.getString("loan_id"), rs.getLong("disbursement_entry_id"),
                    instant(rs, "disbursed_at"));
            case WITHDRAWN -> new LoanApplication.Withdrawn(common, Status.valueOf(rs.getString("withdrawn_from")),
                    instant(rs, "withdrawn_at"));
        };
    }

    private static LoanApplication.Submission submission(ResultSet rs) throws SQLException {
        return new LoanApplication.Submission(
                new Consent(rs.getString("consent_channel"), rs.getString("consent_given_by"), instant(rs, "consent_at")),
                instant(rs, "submitted_at"));
    }

    /** The offer as stored; its schedule is worked out again from the stored rate and checked against every figure. */
    private static Offer offer(ResultSet rs, String productCode, Currency currency) throws SQLException {
        Money amount = money(rs, "offer_amount_minor", currency);
        int term = rs.getInt("offer_term_months");
        BigDecimal rate = rs.getBigDecimal("offer_nominal_rate_percent");
        LocalDate firstDue = rs.getObject("offer_first_due_date", LocalDate.class);
        return new Offer(productCode, RiskBand.valueOf(rs.getString("offer_band")), amount, term, rate,
                money(rs, "offer_fee_minor", currency), money(rs, "offer_installment_minor", currency), firstDue,
                money(rs, "offer_total_interest_minor", currency), money(rs, "offer_total_repayable_minor", currency),
                rs.getBigDecimal("offer_apr_percent"), RepaymentSchedule.annuity(amount, rate, term, firstDue));
    }

    private static List<String> reasons(ResultSet rs) throws SQLException {
        Array array = rs.getArray("decision_reasons");
        return array == null ? List.of() : List.of((String[]) array.getArray());
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
