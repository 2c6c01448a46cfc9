package dev.agentbank.config;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Raw settings: environment variables, falling back to {@code $BANK_HOME/bank.properties}
 * (keys spelled like the variables). Typed getters reject bad values with one line naming the variable.
 */
public final class Settings {
    private final Map<String, String> values;

    private Settings(Map<String, String> values) {
        this.values = values;
    }

    public static Settings of(Map<String, String> values) {
        return new Settings(Map.copyOf(values));
    }

    /** Environment first; the properties file under BANK_HOME fills what the environment leaves unset. */
    public static Settings fromEnvironment(Map<String, String> env) {
        Path home = homeFrom(env);
        Map<String, String> merged = new HashMap<>(readPropertiesFile(home.resolve("bank.properties")));
        env.forEach((key, value) -> {
            if (key.startsWith("BANK_")) {
                merged.put(key, value);
            }
        });
        merged.put("BANK_HOME", home.toString());
        return new Settings(Map.copyOf(merged));
    }

    static Path homeFrom(Map<String, String> env) {
        String raw = env.get("BANK_HOME");
        if (raw == null || raw.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".agentbank");
        }
        try {
            return Path.of(raw.strip()).toAbsolutePath();
        } catch (RuntimeException e) {
            throw new ConfigException("BANK_HOME must be a directory path, got '" + raw + "'");
        }
    }

    private static Map<String, String> readPropertiesFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + " could not be read as a properties file: " + e.getClass().getSimpleName());
        }
        Map<String, String> result = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> result.put(name, properties.getProperty(name)));
        return result;
    }

    public Optional<String> optional(String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public Secret secret(String name) {
        return new Secret(optional(name).orElse(""));
    }

    public Path path(String name) {
        String raw = optional(name).orElseThrow(() -> new ConfigException(name + " must be set to a directory path"));
        try {
            return Path.of(raw).toAbsolutePath();
        } catch (RuntimeException e) {
            throw new ConfigException(name + " must be a directory path, got '" + raw + "'");
        }
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number from " + min + " to " + max + ", got '" + raw.get() + "'");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got '" + raw.get() + "'");
        };
    }

    /** A positive decimal amount such as 1000000.00. */
    public BigDecimal positiveDecimal(String name, BigDecimal defaultValue) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            BigDecimal value = new BigDecimal(raw.get());
            if (value.signum() <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a positive decimal number such as 1000000.00, got '" + raw.get() + "'");
        }
    }
}
