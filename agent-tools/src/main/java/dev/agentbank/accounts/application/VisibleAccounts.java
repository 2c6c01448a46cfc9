package dev.agentbank.accounts.application;

import dev.agentbank.accounts.jdbc.Accounts;
import dev.agentbank.accounts.model.Account;
import dev.agentbank.accounts.model.AccountNumber;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import java.util.HashSet;
import java.util.Set;

/** One call's view of the accounts: "not yours" reads exactly like "does not exist". */
public final class VisibleAccounts {
    private final Accounts accounts;
    private final Principal principal;
    private final Set<AccountNumber> seen = new HashSet<>();

    VisibleAccounts(Accounts accounts, Principal principal) {
        this.accounts = accounts;
        this.principal = principal;
    }

    /** The account behind a raw argument, parsed at the edge; {@code parameter} names it in the refusal. */
    public Account account(String rawNumber, String parameter) {
        AccountNumber number = AccountNumber.parse(rawNumber).orElseThrow(() -> new InvalidRequest(
                parameter + " must be an account number such as AB0000000195 (AB and 10 digits); list_accounts shows yours."));
        Account account = accounts.find(number)
                .filter(found -> principal.canSee(found.customerId()))
                .orElseThrow(() -> new InvalidRequest("No account " + number + " is available to you."));
        seen.add(number);
        return account;
    }

    public boolean canSee(AccountNumber number) {
        return seen.contains(number)
                || accounts.find(number).filter(account -> principal.canSee(account.customerId())).isPresent();
    }
}
