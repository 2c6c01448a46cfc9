package dev.agentbank.tools;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A small JSON Schema checker for exactly the subset {@link OutputSchemas} emits: {@code type} (object, array,
 * string, integer, boolean), {@code properties}, {@code required}, {@code items}, {@code enum} and
 * {@code format: date-time}. Any other keyword is reported rather than silently ignored. Properties the schema
 * does not declare are reported too: a tool's output and its declared schema must not drift apart.
 */
final class SchemaChecker {
    private static final Set<String> KNOWN = Set.of("type", "properties", "required", "items", "enum", "format");

    private SchemaChecker() {}

    /** Every way {@code value} breaks {@code schema}; empty when it fits. */
    static List<String> problems(Map<String, ?> schema, Object value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, ?> schema, Object value, String path, List<String> problems) {
        for (String keyword : schema.keySet()) {
            if (!KNOWN.contains(keyword)) {
                problems.add(path + ": schema keyword '" + keyword + "' is outside the checked subset");
            }
        }
        Object type = schema.get("type");
        switch (String.valueOf(type)) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> object)) {
                    problems.add(path + ": expected an object, got " + describe(value));
                    return;
                }
                Map<String, Map<String, ?>> properties = (Map<String, Map<String, ?>>) schema.get("properties");
                List<String> required = (List<String>) schema.get("required");
                if (properties == null) {
                    problems.add(path + ": object schema without properties");
                    return;
                }
                for (String name : required == null ? List.<String>of() : required) {
                    if (!properties.containsKey(name)) {
                        problems.add(path + ": required '" + name + "' is not among the properties");
                    }
                    if (!object.containsKey(name)) {
                        problems.add(path + ": required property '" + name + "' is missing");
                    }
                }
                for (Map.Entry<?, ?> entry : object.entrySet()) {
                    Map<String, ?> property = properties.get(String.valueOf(entry.getKey()));
                    if (property == null) {
                        problems.add(path + ": property '" + entry.getKey() + "' is not declared in the schema");
                    } else {
                        check(property, entry.getValue(), path + "." + entry.getKey(), problems);
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    problems.add(path + ": expected an array, got " + describe(value));
                    return;
                }
                Map<String, ?> items = (Map<String, ?>) schema.get("items");
                if (items == null) {
                    problems.add(path + ": array schema without items");
                    return;
                }
                for (int i = 0; i < list.size(); i++) {
                    check(items, list.get(i), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!(value instanceof String text)) {
                    problems.add(path + ": expected a string, got " + describe(value));
                    return;
                }
                List<?> allowed = (List<?>) schema.get("enum");
                if (allowed != null && !allowed.contains(text)) {
                    problems.add(path + ": '" + text + "' is not one of " + allowed);
                }
                Object format = schema.get("format");
                if (format != null && !"date-time".equals(format)) {
                    problems.add(path + ": format '" + format + "' is outside the checked subset");
                } else if (format != null) {
                    try {
                        Instant.parse(text);
                    } catch (DateTimeParseException e) {
                        problems.add(path + ": '" + text + "' is not a date-time");
                    }
                }
            }
            case "integer" -> {
                boolean whole = value instanceof Integer || value instanceof Long || value instanceof Short
                        || value instanceof Byte || value instanceof BigInteger
                        || value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0;
                if (!whole) {
                    problems.add(path + ": expected an integer, got " + describe(value));
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    problems.add(path + ": expected a boolean, got " + describe(value));
                }
            }
            default -> problems.add(path + ": type '" + type + "' is outside the checked subset");
        }
    }

    private static String describe(Object value) {
        return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
    }
}
