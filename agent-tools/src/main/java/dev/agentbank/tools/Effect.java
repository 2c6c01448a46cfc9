package dev.agentbank.tools;

/** What a tool does to the bank's state; MCP clients see it as tool annotations. */
public enum Effect {
    /** Reads only. */
    READ,
    /** Creates records (customers, accounts) but moves no money; safe to retry with the same key. */
    WRITE,
    /** Moves money: destructive, guarded by an idempotency key. */
    MOVES_MONEY
}
