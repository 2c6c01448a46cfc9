package dev.agentbank.onboarding.tools;

import dev.agentbank.accounts.tools.AccountViews;
import dev.agentbank.customers.application.CustomerDirectory;
import dev.agentbank.identity.Capability;
import dev.agentbank.onboarding.application.Onboarding;
import dev.agentbank.onboarding.model.OpeningOutcome;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolRefusal;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.util.function.Supplier;

/** Accounts opened at the retail-banking provider. */
public final class OnboardingTools {
    private final ToolScope scope;
    private final Supplier<Onboarding> onboarding;
    private final CustomerDirectory customers;

    /** @param onboarding started on first use: most processes never open an account, and it may start the sandbox */
    public OnboardingTools(ToolScope scope, Supplier<Onboarding> onboarding, CustomerDirectory customers) {
        this.scope = scope;
        this.onboarding = onboarding;
        this.customers = customers;
    }

    public static ToolModule module(Supplier<Onboarding> onboarding, CustomerDirectory customers) {
        return ToolModule.of(OnboardingTools.class, scope -> new OnboardingTools(scope, onboarding, customers));
    }

    @Tool(name = "open_account", value = """
            Opens a new account for a customer at the bank's core provider: product_code retail-checking or \
            retail-savings. Customers may omit customer_id. If the provider is slow the answer is PENDING and the \
            bank finishes it automatically; call again with the same idempotency_key to see the result.""")
    @ToolPolicy(requires = Capability.OPEN_ACCOUNTS, effect = Effect.WRITE, openWorld = true, title = "Open account")
    public OnboardingViews.Opening openAccount(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id,
            @P("Product: retail-checking or retail-savings.") String product_code,
            @P("A short name for the account, e.g. \"Holiday savings\".") String name,
            @P("""
                    A fresh unique key (e.g. a UUID) for this account opening. Reuse it only to retry or check \
                    the same opening, so the account is never opened twice.""") String idempotency_key) {
        long customerId = customers.resolve(scope.principal(), customer_id);
        return switch (onboarding.get().open(scope.principal().actor(), customerId, product_code, name,
                new IdempotencyKey(idempotency_key))) {
            case OpeningOutcome.Opened opened -> new OnboardingViews.Opening(opened.replayed() ? "ALREADY_OPENED" : "OPENED",
                    opened.replayed() ? "This account was opened earlier under this idempotency key; nothing new was opened."
                            : "Opened.", AccountViews.AccountView.of(opened.account()), null);
            case OpeningOutcome.Pending pending -> new OnboardingViews.Opening("PENDING", pending.message(), null, pending.requestId());
            case OpeningOutcome.Rejected rejected -> throw new ToolRefusal(rejected.message());
        };
    }
}
