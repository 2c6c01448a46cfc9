package dev.agentbank.payments.tools;

import dev.agentbank.identity.Capability;
import dev.agentbank.payments.application.PayeeBook;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** Payees: add (always confirmed by the customer), list, remove. Thin: the rules live in {@link PayeeBook}. */
public final class PayeeTools {
    private final ToolScope scope;
    private final PayeeBook book;

    public PayeeTools(ToolScope scope, PayeeBook book) {
        this.scope = scope;
        this.book = book;
    }

    public static ToolModule module(PayeeBook book) {
        return ToolModule.of(PayeeTools.class, scope -> new PayeeTools(scope, book));
    }

    @Tool(name = "add_payee", value = """
            Adds a payee the customer can pay later: an account of this bank (AB...) or an external IBAN. The bank itself \
            asks the customer to confirm the name and the account, outside this conversation, every time; nothing you pass \
            can confirm it. Whether an account of this bank exists is not told. When this client cannot ask the customer, \
            the payee is awaiting_approval under an approval_id; once it is approved, call again with the same \
            idempotency_key. Retrying with the same idempotency_key after the payee was added answers it without asking again.""")
    @ToolPolicy(requires = Capability.MANAGE_PAYEES, effect = Effect.WRITE, title = "Add payee")
    public PayeeViews.Addition addPayee(
            @P("The payee's name as the customer gave it, 1 to 70 characters.") String name,
            @P("The payee's account: an account number of this bank such as AB0000000195, or an IBAN such as DE89 3704 0044 0532 0130 00.") String account,
            @P("A fresh key (for example a UUID) for this payee; reuse it only when retrying this call.") String idempotency_key,
            @P(value = "Customer id; omit to mean the signed-in customer. Staff must give it.", required = false) Long customer_id) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        return PayeeViews.Addition.of(book.add(scope.principal(), customer_id, name, account, key, scope.context()));
    }

    @Tool(name = "list_payees", value = "Lists a customer's payees, oldest first. Customers may omit customer_id; staff must give it.")
    @ToolPolicy(requires = Capability.READ_PAYEES, effect = Effect.READ, title = "List payees")
    public PayeeViews.PayeeList listPayees(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id) {
        PayeeBook.CustomerPayees listed = book.list(scope.principal(), customer_id);
        return new PayeeViews.PayeeList(listed.customerId(), listed.payees().stream().map(PayeeViews.PayeeView::of).toList());
    }

    @Tool(name = "remove_payee", value = "Removes a payee: it can no longer be paid. Payments already made are not affected.")
    @ToolPolicy(requires = Capability.MANAGE_PAYEES, effect = Effect.WRITE, title = "Remove payee")
    public PayeeViews.PayeeView removePayee(@P("Payee id, e.g. PY-7K3M9QX2B4TD.") String payee_id) {
        return PayeeViews.PayeeView.of(book.remove(scope.principal(), payee_id));
    }
}
