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
    VERIFY_AUDIT_LOG
}
