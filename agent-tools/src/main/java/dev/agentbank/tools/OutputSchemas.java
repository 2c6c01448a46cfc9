package dev.agentbank.tools;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (2020-12) for the records tools return, derived from the same record components Jackson
 * serialises, so the declared {@code outputSchema} and the {@code structuredContent} cannot drift apart.
 * Components annotated {@code @JsonInclude(NON_NULL)} may be absent; all others are required.
 */
final class OutputSchemas {
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private OutputSchemas() {}

    static Map<String, Object> of(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type + " must be a record to be a tool result");
        }
        return objectSchema(type);
    }

    private static Map<String, Object> objectSchema(Class<?> record) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            String name = SNAKE.translate(component.getName());
            properties.put(name, schemaOf(component.getGenericType()));
            JsonInclude include = component.getAccessor().getAnnotation(JsonInclude.class);
            if (include == null || include.value() != JsonInclude.Include.NON_NULL) {
                required.add(name);
            }
        }
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        return schema;
    }

    private static Map<String, Object> schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return Map.of("type", "array", "items", schemaOf(parameterized.getActualTypeArguments()[0]));
        }
        if (!(type instanceof Class<?> raw)) {
            throw new IllegalArgumentException("unsupported tool result type " + type);
        }
        if (raw == String.class) {
            return Map.of("type", "string");
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return Map.of("type", "integer");
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return Map.of("type", "boolean");
        }
        if (raw == Instant.class) {
            return Map.of("type", "string", "format", "date-time");
        }
        if (raw.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object constant : raw.getEnumConstants()) {
                names.add(constant.toString());
            }
            return Map.of("type", "string", "enum", names);
        }
        if (raw.isRecord()) {
            return objectSchema(raw);
        }
        throw new IllegalArgumentException("unsupported tool result type " + raw);
    }
}
