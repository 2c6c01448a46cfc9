package dev.agentbank.payments.tools;

import dev.agentbank.identity.Capability;
import dev.agentbank.payments.application.PaymentOrders;
import dev.agentbank.shared.IdempotencyKey;
import dev.agentbank.tools.Effect;
import dev.agentbank.tools.ToolModule;
import dev.agentbank.tools.ToolPolicy;
import dev.agentbank.tools.ToolScope;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

/** Paying payees, and what became of the payments. Thin: the rules live in {@link PaymentOrders}. */
public final class PaymentTools {
    private final ToolScope scope;
    private final PaymentOrders orders;

    public PaymentTools(ToolScope scope, PaymentOrders orders) {
        this.scope = scope;
        this.orders = orders;
    }

    public static ToolModule module(PaymentOrders orders) {
        return ToolModule.of(PaymentTools.class, scope -> new PaymentTools(scope, orders));
    }

    @Tool(name = "pay", value = """
            Pays one of the customer's payees (list_payees shows them; add_payee adds one) from one of their accounts. To a \
            payee at this bank the money arrives at once; to another bank it leaves at once and is pending until that bank \
            settles it or refuses it (then it comes back). The bank asks the customer to confirm, outside this conversation, \
            when the amount or what moved without confirmation in the last 24 hours would go above their limit; nothing you \
            pass can confirm it. A payee added less than 24 hours ago can receive only a limited amount. Restate payee, \
            amount and account before calling.""")
    @ToolPolicy(requires = Capability.MOVE_MONEY, effect = Effect.MOVES_MONEY, title = "Pay a payee")
    public PaymentViews.PayResult pay(
            @P("Account number to pay from, e.g. AB0000000195.") String from_account,
            @P("Payee id, e.g. PY-7K3M9QX2B4TD.") String payee_id,
            @P("Amount as a plain decimal string, e.g. \"45.00\".") String amount,
            @P(value = "Reference the payee sees, up to 140 characters, e.g. \"dinner\".", required = false) String reference,
            @P("""
                    A fresh unique key (e.g. a UUID) for this payment. Reuse the same key only when retrying the same \
                    payment, so it is never paid twice.""") String idempotency_key,
            @P(value = "ISO currency code; must be the account's. Omit to use the account's currency.", required = false) String currency) {
        IdempotencyKey key = new IdempotencyKey(idempotency_key);
        return PaymentViews.PayResult.of(orders.pay(scope.principal(), from_account, payee_id, amount, currency, reference, key,
                scope.context()));
    }

    @Tool(name = "get_payment", value = "Shows one payment: pending, settled, or returned (with the reason, in words for the customer).")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "Get payment")
    public PaymentViews.PaymentView getPayment(@P("Payment id, e.g. PM-7K3M9QX2B4TD.") String payment_id) {
        return PaymentViews.PaymentView.of(orders.get(scope.principal(), payment_id));
    }

    @Tool(name = "list_payments", value = "Lists a customer's latest payments to payees, newest first. Customers may omit customer_id; staff must give it.")
    @ToolPolicy(requires = Capability.READ_ACCOUNTS, effect = Effect.READ, title = "List payments")
    public PaymentViews.PaymentList listPayments(
            @P(value = "Customer id; omit to mean the signed-in customer.", required = false) Long customer_id,
            @P(value = "How many, 1 to 100; default 20.", required = false) Integer limit) {
        PaymentOrders.CustomerPayments listed = orders.list(scope.principal(), customer_id, limit == null ? 20 : limit);
        return new PaymentViews.PaymentList(listed.customerId(), listed.payments().stream().map(PaymentViews.PaymentView::of).toList());
    }
}
