package dev.agentbank.mcp;

import dev.agentbank.tools.BankTool;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Malformed tool calls, generated from each tool's own input schema: every case is a valid call with exactly one
 * thing broken (a wrong type, a missing or extra field, a huge, negative, NaN, 1e309, 30-decimal, unicode or
 * SQL-looking value), so every case must be refused.
 */
final class FuzzCases {
    /** Free text: SQL-looking or unicode text there is data, not an error, so only types and sizes are broken. */
    private static final Set<String> FREE_TEXT = Set.of("reference", "reason", "name", "full_name", "purpose");
    private static final String HUGE_STRING = "9".repeat(100_000);
    private static final String SQL = "'; DROP TABLE account; --";
    private static final List<Object> WRONG_TYPES = List.of(true, Map.of("value", "1.00"), List.of("1.00"));
    private static final List<Object> BAD_TEXT = List.of(HUGE_STRING, "", "   ", "-5.00", "NaN", "1e309", "Infinity",
            "0.000000000000000000000000000001", "１２３", "💸💸", "\u0000", "\u202Eevil", SQL, "1; SELECT pg_sleep(5)");
    private static final List<Object> BAD_NUMBERS = List.of(-1, -9_223_372_036_854_775_807L, 1.5, new BigDecimal("1e309"),
            BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), Double.NaN, "12", SQL, "");

    record Case(String tool, Map<String, Object> arguments, String what) {
        @Override
        public String toString() {
            return tool + " with " + what;
        }
    }

    private FuzzCases() {}

    static List<Case> all(List<BankTool> tools, Map<String, Map<String, Object>> valid) {
        List<Case> cases = new ArrayList<>();
        for (BankTool tool : tools) {
            // Without a known valid call, a tool is fuzzed only with breaks that fail whatever else is sent.
            boolean known = valid.containsKey(tool.name());
            Map<String, Object> base = valid.getOrDefault(tool.name(), Map.of());
            cases.add(new Case(tool.name(), with(base, "unexpected_field", "x"), "an extra field"));
            cases.add(new Case(tool.name(), with(base, "customer_id; drop table account", 1), "an extra SQL-looking field name"));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) tool.inputSchema().get("properties");
            @SuppressWarnings("unchecked")
            List<String> required = (List<String>) tool.inputSchema().getOrDefault("required", List.of());
            for (String name : known ? required : List.<String>of()) {
                Map<String, Object> missing = new LinkedHashMap<>(base);
                missing.remove(name);
                cases.add(new Case(tool.name(), missing, "no " + name));
            }
            for (Map.Entry<String, Map<String, Object>> property : properties.entrySet()) {
                String name = property.getKey();
                String type = String.valueOf(property.getValue().get("type"));
                List<Object> values = new ArrayList<>(WRONG_TYPES);
                if (type.equals("boolean")) {
                    values.set(0, "true");
                }
                if (!known) {
                    values.forEach(value -> cases.add(new Case(tool.name(), with(base, name, value), name + " = " + describe(value))));
                    continue;
                }
                if (type.equals("string")) {
                    values.add(42);
                    values.add(new BigDecimal("1e309"));
                    values.add(HUGE_STRING);
                    if (!FREE_TEXT.contains(name)) {
                        values.addAll(BAD_TEXT.subList(1, BAD_TEXT.size()));
                    }
                    if (name.equals("idempotency_key")) {
                        values.removeAll(List.of("-5.00", "NaN", "1e309", "Infinity", "0.000000000000000000000000000001", "\u202Eevil"));
                    }
                    if (!required.contains(name)) {
                        values.removeAll(List.of("", "   ")); // blank optional text means "not given"
                    }
                } else if (type.equals("integer")) {
                    values.addAll(BAD_NUMBERS);
                    if (name.equals("limit")) {
                        values.add(0);
                        values.add(101);
                    }
                    if (name.equals("customer_id") || name.equals("transaction_id")) {
                        values.add(0);
                    }
                }
                for (Object value : values) {
                    cases.add(new Case(tool.name(), with(base, name, value), name + " = " + describe(value)));
                }
            }
        }
        return cases;
    }

    private static Map<String, Object> with(Map<String, Object> base, String name, Object value) {
        Map<String, Object> arguments = new LinkedHashMap<>(base);
        arguments.put(name, value);
        return arguments;
    }

    private static String describe(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "… (" + text.length() + " chars)" : text;
    }
}
