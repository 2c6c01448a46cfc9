package dev.agentbank.tools;

import dev.agentbank.identity.CallContext;

import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.customers.Customer;
import dev.agentbank.app.BankRuntime;
import dev.agentbank.identity.Principal;
import java.util.HashSet;
import java.util.Set;

/**
 * One tool call's view of the bank: the services, who is calling, and from where. Lookups here apply
 * the principal's reach, and "not yours" reads exactly like "does not exist".
 */
public final class ToolScope {
    private final BankRuntime bank;
    private final Principal principal;
    private final CallContext context;
    /** Accounts this call already found visible, so receipts need not look them up again. */
    private final Set<AccountNumber> seen = new HashSet<>();

    public ToolScope(BankRuntime bank, Principal principal, CallContext context) {
        this.bank = bank;
        this.principal = principal;
        this.context = context;
    }

    public BankRuntime bank() {
        return bank;
    }

    public Principal principal() {
        return principal;
    }

    public CallContext context() {
        return context;
    }

    public Account account(String rawNumber, String parameter) {
        AccountNumber number = AccountNumber.parse(rawNumber).orElseThrow(() -> new ToolRefusal(
                parameter + " must be an account number such as AB0000000195 (AB and 10 digits); list_accounts shows yours."));
        Account account = bank.accounts().find(number)
                .filter(found -> principal.canSee(found.customerId()))
                .orElseThrow(() -> new ToolRefusal("No account " + number + " is available to you."));
        seen.add(number);
        return account;
    }

    public Customer customer(long customerId) {
        if (customerId <= 0 || !principal.canSee(customerId)) {
            throw new ToolRefusal("No customer " + customerId + " is available to you.");
        }
        return bank.customers().find(customerId)
                .orElseThrow(() -> new ToolRefusal("No customer " + customerId + " is available to you."));
    }

    /** The customer a call is about: a customer's own id by default, a required argument for staff. */
    public long customerId(Long requested) {
        if (principal instanceof Principal.CustomerPrincipal self) {
            return requested == null ? self.customerId() : customer(requested).id();
        }
        if (requested == null) {
            throw new ToolRefusal("customer_id is required: staff act for a named customer (list_customers shows them).");
        }
        return customer(requested).id();
    }

    public boolean canSee(AccountNumber number) {
        return seen.contains(number)
                || bank.accounts().find(number).filter(account -> principal.canSee(account.customerId())).isPresent();
    }
}
