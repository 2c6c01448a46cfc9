package dev.agentbank.identity;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Bank staff roles. Customers are not a role: they are bound to one customer id. */
public enum Role {
    /** Acts for any customer: onboarding, deposits, withdrawals, transfers, reversals, loan applications, payees. */
    TELLER(EnumSet.of(Capability.READ_ACCOUNTS, Capability.MOVE_MONEY, Capability.REVERSE_TRANSACTIONS,
            Capability.OPEN_ACCOUNTS, Capability.READ_CUSTOMERS, Capability.LIST_CUSTOMERS, Capability.REGISTER_CUSTOMERS,
            Capability.READ_LOANS, Capability.APPLY_FOR_LOANS, Capability.READ_PAYEES, Capability.MANAGE_PAYEES)),
    /**
     * Reads across customers (loan applications and payees too), checks the audit log and works fraud alerts: freezes
     * accounts and decides held payments, but moves no money of its own and applies for nothing.
     */
    ANALYST(EnumSet.of(Capability.READ_ACCOUNTS, Capability.READ_CUSTOMERS, Capability.LIST_CUSTOMERS,
            Capability.VERIFY_AUDIT_LOG, Capability.READ_LOANS, Capability.READ_PAYEES, Capability.TRIAGE_ALERTS)),
    /**
     * A loan officer: reads customers, their accounts and loan applications, and decides the applications underwriting
     * referred. Moves no money and applies for nothing, so nobody decides an application they filled in.
     */
    OFFICER(EnumSet.of(Capability.READ_ACCOUNTS, Capability.READ_CUSTOMERS, Capability.LIST_CUSTOMERS, Capability.READ_LOANS,
            Capability.DECIDE_LOANS));

    private final Set<Capability> capabilities;

    Role(Set<Capability> capabilities) {
        this.capabilities = capabilities;
    }

    public boolean grants(Capability capability) {
        return capabilities.contains(capability);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
