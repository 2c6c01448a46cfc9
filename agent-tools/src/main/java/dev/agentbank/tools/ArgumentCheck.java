package dev.agentbank.tools;

import dev.agentbank.shared.text.PlainText;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;

/**
 * Checks arguments against a tool's parameter schema before anything runs, with messages a model can act
 * on. MCP clients are checked by the SDK as well; the chat assistant relies on this alone.
 */
final class ArgumentCheck {
    private static final int MAX_STRING = 1_000;

    private ArgumentCheck() {}

    /** The first problem with the arguments, or empty when they fit the schema. */
    static Optional<String> problem(BankTool bankTool, Map<String, Object> arguments) {
        String tool = bankTool.name();
        JsonObjectSchema parameters = bankTool.specification().parameters();
        Map<String, Class<?>> javaTypes = new java.util.HashMap<>();
        for (java.lang.reflect.Parameter parameter : bankTool.method().getParameters()) {
            javaTypes.put(parameter.getName(), parameter.getType());
        }
        Map<String, JsonSchemaElement> properties = parameters == null ? Map.of() : parameters.properties();
        for (String name : arguments.keySet()) {
            if (!properties.containsKey(name)) {
                return Optional.of(tool + " has no parameter '" + clip(name) + "'; its parameters are "
                        + (properties.isEmpty() ? "none" : String.join(", ", properties.keySet())) + ".");
            }
        }
        if (parameters != null && parameters.required() != null) {
            for (String name : parameters.required()) {
                if (arguments.get(name) == null) {
                    return Optional.of(tool + " needs '" + name + "'.");
                }
            }
        }
        for (Map.Entry<String, Object> argument : arguments.entrySet()) {
            Object value = argument.getValue();
            if (value == null) {
                continue;
            }
            JsonSchemaElement schema = properties.get(argument.getKey());
            String name = argument.getKey();
            if (schema instanceof JsonStringSchema) {
                if (!(value instanceof String text)) {
                    return Optional.of(name + " must be a string" + (value instanceof Number ? ", e.g. \"250.00\" in quotes." : "."));
                }
                if (text.length() > MAX_STRING) {
                    return Optional.of(name + " is too long (at most " + MAX_STRING + " characters).");
                }
            } else if (schema instanceof JsonIntegerSchema) {
                if (!isWholeLong(value)) {
                    return Optional.of(name + " must be a whole number.");
                }
                Class<?> javaType = javaTypes.get(name);
                if ((javaType == Integer.class || javaType == int.class) && !fitsInt(value)) {
                    return Optional.of(name + " is out of range (at most " + Integer.MAX_VALUE + ").");
                }
            } else if (schema instanceof JsonBooleanSchema && !(value instanceof Boolean)) {
                return Optional.of(name + " must be true or false.");
            }
        }
        return Optional.empty();
    }

    private static boolean fitsInt(Object value) {
        BigDecimal number = new BigDecimal(value.toString());
        return number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0 && number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0;
    }

    private static boolean isWholeLong(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return true;
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros().scale() <= 0 && decimal.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 9.0e15;
        }
        return false;
    }

    private static String clip(String text) {
        return PlainText.clip(text, 40);
    }
}
