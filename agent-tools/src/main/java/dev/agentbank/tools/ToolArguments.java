package dev.agentbank.tools;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * A call's arguments as its tool method's parameters, straight from the parsed map: no JSON text in between.
 * {@link ArgumentCheck} has refused wrong types and missing required values before this runs, so this only converts.
 */
final class ToolArguments {
    private static final Set<Class<?>> SUPPORTED = Set.of(String.class, Integer.class, int.class, Long.class, long.class,
            Boolean.class, boolean.class);

    private ToolArguments() {}

    /** Refuses, when the tool box is built, a tool whose parameters this cannot bind. */
    static void requireSupported(Method method) {
        for (Parameter parameter : method.getParameters()) {
            if (!SUPPORTED.contains(parameter.getType())) {
                throw new IllegalStateException(method + ": parameter " + parameter.getName() + " has type "
                        + parameter.getType().getSimpleName() + "; tools take strings, whole numbers and booleans");
            }
        }
    }

    /** @throws IllegalArgumentException when a value does not fit its parameter (a missing primitive, an overflow) */
    static Object[] bind(Method method, Map<String, Object> arguments) {
        Parameter[] parameters = method.getParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = convert(arguments.get(parameters[i].getName()), parameters[i]);
        }
        return values;
    }

    private static Object convert(Object value, Parameter parameter) {
        Class<?> type = parameter.getType();
        if (value == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException(parameter.getName() + " is required");
            }
            return null;
        }
        try {
            if (type == String.class) {
                return (String) value;
            }
            if (type == Long.class || type == long.class) {
                return new BigDecimal(value.toString()).longValueExact();
            }
            if (type == Integer.class || type == int.class) {
                return new BigDecimal(value.toString()).intValueExact();
            }
            return (Boolean) value;
        } catch (ClassCastException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(parameter.getName() + " does not fit " + type.getSimpleName(), e);
        }
    }
}
