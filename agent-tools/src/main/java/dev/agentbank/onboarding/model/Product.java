package dev.agentbank.onboarding.model;

import dev.agentbank.accounts.model.AccountKind;
import java.util.Arrays;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The retail products the provider opens, by the code used in its API. */
public enum Product {
    RETAIL_CHECKING("retail-checking", AccountKind.CHECKING, "EUR"),
    RETAIL_SAVINGS("retail-savings", AccountKind.SAVINGS, "EUR");

    private final String code;
    private final AccountKind kind;
    private final Currency currency;

    Product(String code, AccountKind kind, String currency) {
        this.code = code;
        this.kind = kind;
        this.currency = Currency.getInstance(currency);
    }

    public static Optional<Product> byCode(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.code.equals(wanted)).findFirst();
    }

    /** "retail-checking, retail-savings", for messages. */
    public static String codes() {
        return Arrays.stream(values()).map(Product::code).collect(Collectors.joining(", "));
    }

    public String code() {
        return code;
    }

    public AccountKind kind() {
        return kind;
    }

    public Currency currency() {
        return currency;
    }
}
