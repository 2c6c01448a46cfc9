package dev.agentbank.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The chat assistant's model endpoint: any OpenAI-compatible chat completions server.
 *
 * @param baseUrl    BANK_LLM_BASE_URL: the API root, {@code /chat/completions} is appended (default OpenAI's)
 * @param apiKey     BANK_LLM_API_KEY: required for the default URL; local servers usually need none
 * @param model      BANK_LLM_MODEL: the model name the endpoint knows
 * @param timeout    BANK_LLM_TIMEOUT_SECONDS: how long to wait for one model reply
 * @param maxRetries BANK_LLM_MAX_RETRIES: retries of a failed model request (0 means one attempt)
 */
public record LlmConfig(URI baseUrl, Secret apiKey, String model, Duration timeout, int maxRetries) {
    public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_MAX_RETRIES = 2;
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._:/@+-]{1,200}");

    public LlmConfig {
        baseUrl = checkedBaseUrl(baseUrl.toString());
        if (!MODEL.matcher(model).matches()) {
            throw new ConfigException("BANK_LLM_MODEL must be a model name such as gpt-4o-mini or llama3.1:8b, without spaces");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException("BANK_LLM_TIMEOUT_SECONDS must be at least 1");
        }
        if (maxRetries < 0) {
            throw new ConfigException("BANK_LLM_MAX_RETRIES must be 0 or more");
        }
        if (apiKey.isEmpty() && isDefaultEndpoint(baseUrl)) {
            throw new ConfigException("BANK_LLM_API_KEY must be set to use " + DEFAULT_BASE_URL + "; for a local "
                    + "OpenAI-compatible server (Ollama, vLLM, LM Studio) set BANK_LLM_BASE_URL instead, "
                    + "e.g. http://localhost:11434/v1");
        }
    }

    public static LlmConfig from(Settings settings) {
        return new LlmConfig(
                checkedBaseUrl(settings.string("BANK_LLM_BASE_URL", DEFAULT_BASE_URL)),
                settings.secret("BANK_LLM_API_KEY"),
                settings.string("BANK_LLM_MODEL", DEFAULT_MODEL),
                Duration.ofSeconds(settings.integer("BANK_LLM_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS, 1, 3600)),
                settings.integer("BANK_LLM_MAX_RETRIES", DEFAULT_MAX_RETRIES, 0, 10));
    }

    /** The base URL as the OpenAI client wants it: no trailing slash. */
    public String baseUrlText() {
        String text = baseUrl.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static boolean isDefaultEndpoint(URI url) {
        return url.getHost() != null && url.getHost().toLowerCase(Locale.ROOT).equals("api.openai.com");
    }

    private static URI checkedBaseUrl(String raw) {
        String text = raw.strip();
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException("BANK_LLM_BASE_URL must be a URL such as " + DEFAULT_BASE_URL + " or http://localhost:11434/v1");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ConfigException("BANK_LLM_BASE_URL must be an http or https URL such as " + DEFAULT_BASE_URL
                    + " or http://localhost:11434/v1");
        }
        if (url.getRawUserInfo() != null) {
            throw new ConfigException("BANK_LLM_BASE_URL must not carry credentials; put the key in BANK_LLM_API_KEY");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new ConfigException("BANK_LLM_BASE_URL must be the API root without a query or fragment, e.g. " + DEFAULT_BASE_URL);
        }
        return url;
    }

    @Override
    public String toString() {
        return "LlmConfig[baseUrl=" + baseUrl + ", apiKey=" + apiKey + ", model=" + model + ", timeout=" + timeout
                + ", maxRetries=" + maxRetries + "]";
    }
}
