package dev.agentbank.tools;

import dev.agentbank.shared.money.Money;

/**
 * Formatting shared by the views tools return. Each context keeps its own view records (small, snake_case,
 * amounts as exact decimal strings); a model reads them, so they carry nothing internal.
 */
public final class Views {
    private Views() {}

    /** References are optional; the schema promises a string, so absent is empty. */
    public static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    public static String decimal(Money money) {
        return money.amount().toPlainString();
    }
}
