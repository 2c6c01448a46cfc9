package dev.agentbank.lending.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentbank.lending.model.ApplicationId;
import dev.agentbank.lending.model.Decision;
import dev.agentbank.lending.model.EmploymentStatus;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.lending.model.RuleResult;
import dev.agentbank.lending.model.UnderwritingInput;
import dev.agentbank.shared.Actor;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Underwriting decisions in {@code loan_decision} and {@code loan_decision_rule}, in the caller's transaction: the
 * rules version, every input in typed columns, the outcome and each rule's result, so a decision read back equals the
 * one stored and can be replayed. One decision per application; the rows are append-only.
 */
public final class LoanDecisions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> INPUTS = new TypeReference<>() {};

    /** A decision as stored: what was decided, when, by whose call, and on which credit report. */
    public record Stored(long id, ApplicationId applicationId, Decision decision, String bureauReference, Instant decidedAt,
                         String decidedBy) {}

    /** Stores the decision on an application; a second decision on the same application fails with 23505. */
    public long insert(Connection connection, ApplicationId applicationId, Decision decision, String bureauReference,
                       Instant decidedAt, Actor decidedBy) throws SQLException {
        UnderwritingInput in = decision.input();
        long id;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO loan_decision (application_id, rules_version, outcome, band, amount_minor, currency, product_code,
                    requested_amount_minor, term_months, stated_monthly_net_income_minor, monthly_housing_cost_minor,
                    monthly_other_debts_minor, employment_status, months_employed, verified_monthly_income, credit_score,
                    delinquencies, oldest_account_age_days, bureau_reference, decided_at, decided_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, applicationId.value());
            insert.setString(2, decision.rulesVersion());
            insert.setString(3, decision.outcome().name());
            RiskBand band = band(decision);
            insert.setString(4, band == null ? null : band.name());
            Money amount = amount(decision);
            if (amount == null) {
                insert.setNull(5, Types.BIGINT);
            } else {
                insert.setLong(5, amount.minorUnits());
            }
            insert.setString(6, in.currency().getCurrencyCode());
            insert.setString(7, in.productCode());
            insert.setLong(8, in.requestedAmount().minorUnits());
            insert.setInt(9, in.termMonths());
            insert.setLong(10, in.statedMonthlyNetIncome().minorUnits());
            insert.setLong(11, in.monthlyHousingCost().minorUnits());
            insert.setLong(12, in.monthlyOtherDebtPayments().minorUnits());
            insert.setString(13, in.employmentStatus().name());
            insert.setInt(14, in.monthsEmployed());
            insert.setBigDecimal(15, in.verifiedMonthlyIncome());
            insert.setInt(16, in.creditScore());
            insert.setInt(17, in.delinquencies());
            insert.setInt(18, in.oldestAccountAgeDays());
            insert.setString(19, bureauReference);
            insert.setObject(20, OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC));
            insert.setString(21, decidedBy.id());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement rule = connection.prepareStatement("""
                INSERT INTO loan_decision_rule (decision_id, position, code, version, verdict, sentence, inputs)
                VALUES (?, ?, ?, ?, ?, ?, CAST(? AS json))""")) {
            List<RuleResult> results = decision.results();
            for (int i = 0; i < results.size(); i++) {
                RuleResult result = results.get(i);
                rule.setLong(1, id);
                rule.setInt(2, i);
                rule.setString(3, result.code());
                rule.setString(4, result.version());
                rule.setString(5, result.verdict().name());
                rule.setString(6, result.sentence());
                rule.setString(7, json(result.inputs()));
                rule.addBatch();
            }
            rule.executeBatch();
        }
        return id;
    }

    /** The decision underwriting made on an application, if it made one. */
    public Optional<Stored> ofApplication(Connection connection, ApplicationId applicationId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM loan_decision WHERE application_id = ?")) {
            select.setString(1, applicationId.value());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long id = rs.getLong("id");
                Currency currency = Currency.getInstance(rs.getString("currency"));
                UnderwritingInput input = new UnderwritingInput(rs.getString("product_code"),
                        Money.ofMinor(rs.getLong("requested_amount_minor"), currency), rs.getInt("term_months"),
                        Money.ofMinor(rs.getLong("stated_monthly_net_income_minor"), currency),
                        Money.ofMinor(rs.getLong("monthly_housing_cost_minor"), currency),
                        Money.ofMinor(rs.getLong("monthly_other_debts_minor"), currency),
                        EmploymentStatus.valueOf(rs.getString("employment_status")), rs.getInt("months_employed"),
                        rs.getBigDecimal("verified_monthly_income"), rs.getInt("credit_score"), rs.getInt("delinquencies"),
                        rs.getInt("oldest_account_age_days"));
                String version = rs.getString("rules_version");
                String band = rs.getString("band");
                long amountMinor = rs.getLong("amount_minor");
                Money amount = rs.wasNull() ? null : Money.ofMinor(amountMinor, currency);
                Decision.Outcome outcome = Decision.Outcome.valueOf(rs.getString("outcome"));
                String reference = rs.getString("bureau_reference");
                Instant decidedAt = rs.getObject("decided_at", OffsetDateTime.class).toInstant();
                String decidedBy = rs.getString("decided_by");
                List<RuleResult> results = results(connection, id);
                Decision decision = switch (outcome) {
                    case APPROVED -> new Decision.Approved(version, input, RiskBand.valueOf(band), amount, results);
                    case COUNTER_OFFER -> new Decision.CounterOffer(version, input, RiskBand.valueOf(band), amount, results);
                    case REFERRED -> new Decision.Referred(version, input, RiskBand.valueOf(band), results);
                    case DECLINED -> new Decision.Declined(version, input, results);
                };
                return Optional.of(new Stored(id, applicationId, decision, reference, decidedAt, decidedBy));
            }
        }
    }

    private static List<RuleResult> results(Connection connection, long decisionId) throws SQLException {
        List<RuleResult> results = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT code, version, verdict, sentence, inputs::text FROM loan_decision_rule WHERE decision_id = ? ORDER BY position")) {
            select.setLong(1, decisionId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    results.add(new RuleResult(rs.getString(1), rs.getString(2), RuleResult.Verdict.valueOf(rs.getString(3)),
                            rs.getString(4), inputs(rs.getString(5))));
                }
            }
        }
        return results;
    }

    private static RiskBand band(Decision decision) {
        return switch (decision) {
            case Decision.Approved a -> a.band();
            case Decision.CounterOffer c -> c.band();
            case Decision.Referred r -> r.band();
            case Decision.Declined d -> null;
        };
    }

    private static Money amount(Decision decision) {
        return switch (decision) {
            case Decision.Approved a -> a.amount();
            case Decision.CounterOffer c -> c.amount();
            case Decision.Referred r -> null;
            case Decision.Declined d -> null;
        };
    }

    private static String json(Map<String, String> inputs) {
        try {
            return JSON.writeValueAsString(inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rule inputs could not be written as JSON", e);
        }
    }

    private static Map<String, String> inputs(String json) {
        try {
            return JSON.readValue(json, INPUTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule inputs are not a JSON object of text", e);
        }
    }
}
