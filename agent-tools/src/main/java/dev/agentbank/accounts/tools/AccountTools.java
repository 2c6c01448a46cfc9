package dev.agentbank.accounts.tools;

import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.agentbank.tools.Views;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.ledger.model.IdempotencyKey;
import dev.agentbank.onboarding.model.OpeningOutcome;
import dev.agentbank.identity.Capability;
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

    @Tool(name = "open_account", value = """
            Opens a new account for a customer at the bank's core provider: product_code retail-checking or \
            retail-savings. Customers may omit customer_id. If the provider is slow the answer is PENDING and the \
            bank finishes it automatically; call again with the same idempotency_key to see the result.""")
    @ToolPolicy(requires = Capability.OPEN_ACCOUNTS, effect = Effect.WRITE, openWorld = true, title = "Open account")
    public Views.Opening openAccount(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id,
            @P("Product: retail-checking or retail-savings.") String product_code,
            @P("A short name for the account, e.g. \"Holiday savings\".") String name,
            @P("""
                    A fresh unique key (e.g. a UUID) for this account opening. Reuse it only to retry or check \
                    the same opening, so the account is never opened twice.""") String idempotency_key) {
        long customerId = scope.customerId(customer_id);
        return switch (scope.bank().onboarding().open(scope.principal().actor(), customerId, product_code, name,
                new IdempotencyKey(idempotency_key))) {
            case OpeningOutcome.Opened opened -> new Views.Opening(opened.replayed() ? "ALREADY_OPENED" : "OPENED",
                    opened.replayed() ? "This account was opened earlier under this idempotency key; nothing new was opened."
                            : "Opened.", Views.AccountView.of(opened.account()), null);
            case OpeningOutcome.Pending pending -> new Views.Opening("PENDING", pending.message(), null, pending.requestId());
            case OpeningOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
        };
    }
}
