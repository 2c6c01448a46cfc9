package dev.agentbank.accounts.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountKind;
import dev.agentbank.shared.money.Money;
import dev.agentbank.tools.Views;
import java.time.Instant;
import java.util.List;

/** What the account tools return. Small records with snake_case names, amounts as exact decimal strings. */
public final class AccountViews {
    private AccountViews() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountView(String accountNumber, @JsonInclude(JsonInclude.Include.NON_NULL) String name, long customerId,
                              String kind, String currency, String balance, String available, String overdraftLimit,
                              String status, Instant openedAt) {
        public static AccountView of(Account account) {
            return new AccountView(account.rawNumber(), account.name().orElse(null), account.customerId(), account.kind().name(),
                    account.currency().getCurrencyCode(), Views.decimal(account.balance()), Views.decimal(availableOf(account)),
                    Views.decimal(account.overdraftLimit()), account.status().name(), account.openedAt());
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AccountList(List<AccountView> accounts) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Balance(String accountNumber, String currency, String balance, String available, Instant asOf) {}

    /** Nothing can be drawn from a loan account: its "overdraft" is the principal lent, taken once by the payout. */
    static Money availableOf(Account account) {
        return account.kind() == AccountKind.LOAN ? Money.zero(account.currency()) : account.available();
    }
}
