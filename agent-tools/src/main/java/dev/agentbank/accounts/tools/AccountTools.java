package dev.agentbank.accounts.tools;

import dev.agentbank.accounts.application.AccountDirectory;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Capability;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolScope;
import dev.agentbank.tools.Views;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.time.Clock;

/** Account lookups. */
public final class AccountTools {
    private final ToolScope scope;
    private final AccountDirectory accounts;
    private final CustomerDirectory customers;
    private final Clock clock;

    public AccountTools(ToolScope scope, AccountDirectory accounts, CustomerDirectory customers, Clock clock) {
        this.scope = scope;
        this.accounts = accounts;
        this.customers = customers;
        this.clock = clock;
    }

    public static ToolModule module(AccountDirectory accounts, CustomerDirectory customers, Clock clock) {
        return ToolModule.of(AccountTools.class, scope -> new AccountTools(scope, accounts, customers, clock));
    }

    @Tool(name = "list_accounts", value = """
            Lists a customer's accounts with number, kind, currency, balance and available funds. \
            Customers get their own accounts and may omit customer_id; staff must give it.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "List accounts")
    public AccountViews.AccountList listAccounts(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        long customerId = customers.resolve(scope.principal(), customer_id);
        return new AccountViews.AccountList(accounts.ofCustomer(customerId).stream().map(AccountViews.AccountView::of).toList());
    }

    @Tool(name = "get_balance", value = """
            Returns the current balance and available funds (balance plus overdraft) of one account. \
            Answer balance questions only from this result.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "Get balance")
    public AccountViews.Balance getBalance(@P("Account number, e.g. AB0000000195.") String account_number) {
        Account account = accounts.visibleTo(scope.principal()).account(account_number, "account_number");
        return new AccountViews.Balance(account.rawNumber(), account.currency().getCurrencyCode(),
                Views.decimal(account.balance()), Views.decimal(AccountViews.availableOf(account)), clock.instant());
    }
}
