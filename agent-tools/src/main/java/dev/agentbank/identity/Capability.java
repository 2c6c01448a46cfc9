package dev.agentbank.identity;

/** What a tool needs from its caller. Which customers' data it may touch is {@link Principal#canSee}. */
public enum Capability {
    READ_ACCOUNTS,
    MOVE_MONEY,
    REVERSE_TRANSACTIONS,
    OPEN_ACCOUNTS,
    READ_CUSTOMERS,
    LIST_CUSTOMERS,
    REGISTER_CUSTOMERS,
    VERIFY_AUDIT_LOG,
    /** See loan products and loan applications. */
    READ_LOANS,
    /** Start and fill in loan applications. */
    APPLY_FOR_LOANS,
    /** Approve or decline the loan applications underwriting referred to an officer. */
    DECIDE_LOANS,
    /** See a customer's payees. */
    READ_PAYEES,
    /** Add and remove a customer's payees (adding always asks the customer). */
    MANAGE_PAYEES,
    /** Work fraud alerts: read them, take notes, close them, freeze accounts and decide held payments. */
    TRIAGE_ALERTS
}
