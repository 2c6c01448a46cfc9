package dev.agentbank.tools;

import dev.agentbank.accounts.Account;
import dev.agentbank.security.Capability;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** Account lookups. */
public final class AccountTools {
    private final ToolScope scope;

    public AccountTools(ToolScope scope) {
        this.scope = scope;
    }

    @Tool(name = "list_accounts", value = """
            Lists a customer's accounts with number, kind, currency, balance and available funds. \
            Customers get their own accounts and may omit customer_id; staff must give it.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "List accounts")
    public Views.AccountList listAccounts(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        long customerId = scope.customerId(customer_id);
        return new Views.AccountList(scope.bank().accounts().ofCustomer(customerId).stream()
                .map(Views.AccountView::of).toList());
    }

    @Tool(name = "get_balance", value = """
            Returns the current balance and available funds (balance plus overdraft) of one account. \
            Answer balance questions only from this result.""")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "Get balance")
    public Views.Balance getBalance(@P("Account number, e.g. AB0000000195.") String account_number) {
        Account account = scope.account(account_number, "account_number");
        return new Views.Balance(account.rawNumber(), account.currency().getCurrencyCode(),
                Views.decimal(account.balance()), Views.decimal(account.available()), scope.bank().clock().instant());
    }
}
