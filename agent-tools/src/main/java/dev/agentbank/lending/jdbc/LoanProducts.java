package dev.agentbank.lending.jdbc;

import dev.agentbank.lending.model.LoanProduct;
import dev.agentbank.lending.model.RiskBand;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.agentbank.shared.money.Money;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The loan products as the {@code loan_product} table holds them; each row is checked again as a {@link LoanProduct}. */
public final class LoanProducts {
    private static final String SELECT = """
            SELECT p.code, p.currency, p.min_amount_minor, p.max_amount_minor, p.min_term_months, p.max_term_months,
                   p.fee_percent, p.fee_minimum_minor, r.band, r.nominal_rate_percent
            FROM loan_product p LEFT JOIN loan_product_rate r ON r.product_code = p.code
            """;

    private final Jdbc jdbc;

    public LoanProducts(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The product with this code, if there is one. */
    public Optional<LoanProduct> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return jdbc.query("read loan product", connection -> find(connection, code));
    }

    /** The product with this code, in the caller's transaction. */
    public Optional<LoanProduct> find(Connection connection, String code) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE p.code = ? ORDER BY r.band")) {
            select.setString(1, code);
            return read(select).stream().findFirst();
        }
    }

    /** Every product, by code. */
    public List<LoanProduct> all() {
        return jdbc.query("list loan products", LoanProducts::all);
    }

    private static List<LoanProduct> all(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY p.code, r.band")) {
            return read(select);
        }
    }

    private static List<LoanProduct> read(PreparedStatement select) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                String code = rs.getString("code");
                Row row = rows.get(code);
                if (row == null) {
                    Currency currency = Currency.getInstance(rs.getString("currency"));
                    row = new Row(code, currency, Money.ofMinor(rs.getLong("min_amount_minor"), currency),
                            Money.ofMinor(rs.getLong("max_amount_minor"), currency), rs.getInt("min_term_months"),
                            rs.getInt("max_term_months"), rs.getBigDecimal("fee_percent"),
                            Money.ofMinor(rs.getLong("fee_minimum_minor"), currency), new EnumMap<>(RiskBand.class));
                    rows.put(code, row);
                }
                String band = rs.getString("band");
                if (band != null) {
                    row.rates().put(RiskBand.valueOf(band), rs.getBigDecimal("nominal_rate_percent"));
                }
            }
        }
        List<LoanProduct> products = new ArrayList<>();
        for (Row row : rows.values()) {
            try {
                products.add(new LoanProduct(row.code(), row.currency(), row.min().amount(), row.max().amount(),
                        row.minTerm(), row.maxTerm(), row.rates(), row.feePercent(), row.feeMinimum().amount()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("loan product " + row.code() + " in the loan_product table is invalid: "
                        + e.getMessage(), e);
            }
        }
        return List.copyOf(products);
    }

    private record Row(String code, Currency currency, Money min, Money max, int minTerm, int maxTerm,
                       java.math.BigDecimal feePercent, Money feeMinimum, Map<RiskBand, java.math.BigDecimal> rates) {}
}
