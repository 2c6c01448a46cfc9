package dev.agentbank.accounts.jdbc;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.accounts.model.AccountStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Currency;

/** The one mapping between an {@code account} row and an {@link Account}, for the code paths that use plain SQL. */
public final class AccountRows {
    /** Select these, in this order, and read each row with {@link #read}. */
    public static final String COLUMNS =
            "id, number, customer_id, kind, currency, status, overdraft_limit_minor, balance_minor, last_seq, opened_at, name";

    private AccountRows() {}

    public static Account read(ResultSet rs) throws SQLException {
        long balance = rs.getLong(8);
        Long cached = rs.wasNull() ? null : balance; // settlement accounts keep no cached balance
        long customer = rs.getLong(3);
        Long customerId = rs.wasNull() ? null : customer;
        return Account.restore(rs.getLong(1), rs.getString(2), customerId, AccountKind.valueOf(rs.getString(4)),
                Currency.getInstance(rs.getString(5)), AccountStatus.valueOf(rs.getString(6)), rs.getLong(7), cached,
                rs.getLong(9), rs.getObject(10, OffsetDateTime.class).toInstant(), rs.getString(11));
    }
}
