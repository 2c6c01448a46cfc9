package dev.agentbank.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.ConfirmationFallback;
import dev.agentbank.identity.Principal;
import dev.agentbank.shared.InvalidRequest;
import dev.agentbank.shared.audit.CallRecord;
import dev.agentbank.shared.text.PlainText;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.agent.tool.ToolSpecifications;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import dev.agentbank.shared.jdbc.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one registry of bank tools. MCP lists and calls tools through it and the chat assistant hands it to
 * LangChain4j, so both get the same definitions, the same principal checks, the same argument checks and
 * the same audit record of every call.
 */
public final class ToolBox {
    private static final Logger log = LoggerFactory.getLogger(ToolBox.class);
    public static final String SYSTEM_FAILURE = "The bank could not complete this request because of an internal problem. "
            + "Nothing is reported as done; retrying later with the same idempotency key is safe.";
    /** The answer while the database is away (its server restarting): retryable, and a retry under the same key is safe. */
    public static final String DATABASE_AWAY = "The bank cannot reach its database right now (it may be restarting), so this call "
            + "could not be completed. "
            + "Try again in a few seconds; a retry with the same idempotency key is safe and says whether this call took effect.";
    private static final String TOOL_CALL = "tool_call";

    private final CallLog callLog;
    private final ConfirmationFallback fallback;
    private final CallLimits limits;
    private final Map<String, BankTool> tools = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /**
     * @param modules  the tools each bounded context contributes, listed in this order
     * @param fallback what each call's human channel does when it cannot ask (see {@link ConfirmationFallback})
     */
    public ToolBox(List<ToolModule> modules, CallLog callLog, ConfirmationFallback fallback) {
        this(modules, callLog, fallback, CallLimits.none());
    }

    /** @param limits how many calls each principal may make (see {@link CallLimits}) */
    public ToolBox(List<ToolModule> modules, CallLog callLog, ConfirmationFallback fallback, CallLimits limits) {
        this.callLog = callLog;
        this.fallback = fallback;
        this.limits = limits;
        modules.forEach(module -> register(module.type(), module.factory()));
    }

    public List<BankTool> all() {
        return List.copyOf(tools.values());
    }

    /** The tools this principal may use; the others are neither listed nor callable. */
    public List<BankTool> visibleTo(Principal principal) {
        return tools.values().stream().filter(tool -> tool.visibleTo(principal)).toList();
    }

    /** Runs a call whose arguments are JSON text, as models send them. */
    public ToolResult call(Principal principal, CallContext context, String name, String argumentsJson) {
        Map<String, Object> arguments;
        try {
            arguments = argumentsJson == null || argumentsJson.isBlank()
                    ? Map.of() : json.readValue(argumentsJson, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            // Unparsable text may hold anything, secrets included: the audit keeps only its size.
            return audited(principal, context, name, Map.of("unparsable_arguments_length", argumentsJson.length()), "refused",
                    ToolResult.error("The arguments for " + clip(name) + " are not a JSON object; send named parameters."));
        }
        return call(principal, context, name, arguments == null ? Map.of() : arguments);
    }

    public ToolResult call(Principal principal, CallContext context, String name, Map<String, Object> arguments) {
        if (arguments == null) {
            arguments = Map.of();
        }
        BankTool tool = tools.get(name);
        if (tool == null || !tool.visibleTo(principal)) {
            return audited(principal, context, name, arguments, "refused", ToolResult.error("No tool '" + clip(name)
                    + "' is available to you. Available tools: " + String.join(", ", names(principal)) + "."));
        }
        Optional<String> tooFast = limits.refusal(principal, tool.policy().effect() == Effect.MOVES_MONEY);
        if (tooFast.isPresent()) {
            return audited(principal, context, tool.name(), arguments, "refused", ToolResult.error(tooFast.get()));
        }
        Optional<String> problem = ArgumentCheck.problem(tool, arguments);
        if (problem.isPresent()) {
            return audited(principal, context, tool.name(), arguments, "refused", ToolResult.error(problem.get()));
        }
        callLog.begin(principal, context);
        ToolScope scope = new ToolScope(principal, context.withHuman(fallback.around(principal, context)));
        Map<String, Object> checked = arguments;
        Map<String, Object> details = callDetails(tool.name(), arguments, null); // arguments redacted once per call
        String subject = "tool:" + clip(tool.name());
        if (tool.policy().effect() == Effect.READ) {
            ToolResult result = execute(tool, scope, checked); // a read never posts: nothing to write with a posting
            recordCall(principal, context, TOOL_CALL, subject, withError(details, result), result.isError() ? "error" : "ok", false);
            return result;
        }
        CallRecord record = new CallRecord(principal.actor(), TOOL_CALL, subject, withOrigin(context, details));
        ToolResult result = record.around(() -> execute(tool, scope, checked));
        if (record.isCommitted()) {
            if (result.isError()) {
                // its call record committed with the posting, and a later step failed: say so once, apart
                recordCall(principal, context, "tool_call_result", subject, withError(details, result), "error", true);
            }
            return result;
        }
        // A call that may have changed something (a payee, a pending approval) is recorded before the model hears back.
        recordCall(principal, context, TOOL_CALL, subject, withError(details, result), result.isError() ? "error" : "ok", true);
        return result;
    }

    private ToolResult execute(BankTool tool, ToolScope scope, Map<String, Object> arguments) {
        Object[] parameters;
        try {
            parameters = ToolArguments.bind(tool.method(), arguments);
        } catch (IllegalArgumentException e) {
            return ToolResult.error("The arguments for " + tool.name() + " do not fit its parameters: check each value's type.");
        }
        try {
            Object value = tool.method().invoke(tool.factory().apply(scope), parameters);
            Map<String, Object> structured = json.convertValue(value, new TypeReference<Map<String, Object>>() {});
            return new ToolResult(false, json.writeValueAsString(structured), structured);
        } catch (InvocationTargetException e) {
            return failure(tool, e.getCause() == null ? e : e.getCause());
        } catch (ToolRefusal | InvalidRequest e) {
            return ToolResult.error(e.getMessage());
        } catch (JsonProcessingException | IllegalAccessException | RuntimeException e) {
            return failure(tool, e);
        }
    }

    private static ToolResult failure(BankTool tool, Throwable cause) {
        if (cause instanceof ToolRefusal || cause instanceof InvalidRequest) {
            return ToolResult.error(cause.getMessage());
        }
        log.warn("tool {} failed: {}", tool.name(), cause.toString());
        log.debug("tool failure", cause);
        return ToolResult.error(failureText(cause));
    }

    /** What a caller is told of a failure that is not its own doing: the database away, or an internal problem. */
    public static String failureText(Throwable cause) {
        return DatabaseException.unreachable(cause) ? DATABASE_AWAY : SYSTEM_FAILURE;
    }

    /** Whether an error text is the bank failing (worth retrying later) rather than a refusal of the call. */
    public static boolean isFailure(String text) {
        return SYSTEM_FAILURE.equals(text) || DATABASE_AWAY.equals(text);
    }

    private ToolResult audited(Principal principal, CallContext context, String tool, Map<String, Object> arguments,
                               String outcome, ToolResult result) {
        recordCall(principal, context, TOOL_CALL, "tool:" + clip(tool), callDetails(tool, arguments, result), outcome, false);
        return result;
    }

    private static Map<String, Object> callDetails(String tool, Map<String, Object> arguments, ToolResult result) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("tool", clip(tool));
        details.put("arguments", Redaction.of(arguments));
        return withError(details, result);
    }

    private static Map<String, Object> withError(Map<String, Object> details, ToolResult result) {
        if (result == null || !result.isError()) {
            return details;
        }
        Map<String, Object> failed = new LinkedHashMap<>(details);
        failed.put("error", result.text());
        return failed;
    }

    private static Map<String, Object> withOrigin(CallContext context, Map<String, Object> details) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.put("transport", context.transport());
        all.put("client", context.client());
        all.put("session", context.session());
        return all;
    }

    /**
     * Audits one request from an agent with where it came from (transport, client, session). Used for tool calls
     * and for other reads a front end serves, such as MCP resources. A failure to audit is logged, not raised:
     * the request's own effects are already committed or refused.
     */
    public void recordCall(Principal principal, CallContext context, String action, String subject, Map<String, Object> details,
                           String outcome) {
        recordCall(principal, context, action, subject, details, outcome, false);
    }

    private void recordCall(Principal principal, CallContext context, String action, String subject, Map<String, Object> details,
                            String outcome, boolean durably) {
        try {
            if (durably) {
                callLog.recordDurably(principal, context, action, subject, withOrigin(context, details), outcome);
            } else {
                callLog.record(principal, context, action, subject, withOrigin(context, details), outcome);
            }
        } catch (RuntimeException e) {
            log.warn("could not audit {} {}: {}", action, subject, e.toString());
        }
    }

    private List<String> names(Principal principal) {
        return visibleTo(principal).stream().map(BankTool::name).toList();
    }

    private void register(Class<?> type, Function<ToolScope, Object> factory) {
        Arrays.stream(type.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(Tool.class))
                .sorted(Comparator.comparing(Method::getName))
                .forEach(method -> {
                    ToolPolicy policy = method.getAnnotation(ToolPolicy.class);
                    if (policy == null) {
                        throw new IllegalStateException(method + " needs a @ToolPolicy");
                    }
                    ToolArguments.requireSupported(method);
                    method.setAccessible(true); // tool classes need not be public
                    ToolSpecification raw = ToolSpecifications.toolSpecificationFrom(method);
                    JsonObjectSchema parameters = (raw.parameters() == null ? JsonObjectSchema.builder().build() : raw.parameters())
                            .toBuilder().additionalProperties(false).build();
                    ToolSpecification specification = raw.toBuilder().parameters(parameters).build();
                    Map<String, Object> input = new LinkedHashMap<>(JsonSchemaElementUtils.toMap(parameters));
                    input.putIfAbsent("properties", Map.of());
                    input.put("additionalProperties", false); // toMap drops it; unknown parameters are refused

                    BankTool tool = new BankTool(specification, policy, input, OutputSchemas.of(method.getReturnType()), method, factory);
                    if (tools.putIfAbsent(tool.name(), tool) != null) {
                        throw new IllegalStateException("two tools are named " + tool.name());
                    }
                });
    }

    static String clip(String text) {
        return PlainText.clip(text, 60);
    }

    /** Arguments as the audit log keeps them: secrets masked at any depth, long text cut. */
    static final class Redaction {
        private static final List<String> SECRET_WORDS = List.of(
                "token", "secret", "password", "passwd", "apikey", "authorization", "privatekey", "credential", "cookie");

        private Redaction() {}

        static Map<String, Object> of(Map<String, Object> arguments) {
            Map<String, Object> safe = new LinkedHashMap<>();
            arguments.forEach((key, value) -> safe.put(clip(key), secret(key) ? "[redacted]" : value(value, 0)));
            return safe;
        }

        private static boolean secret(Object key) {
            String normalised = String.valueOf(key).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            return SECRET_WORDS.stream().anyMatch(normalised::contains);
        }

        private static Object value(Object value, int depth) {
            if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long) {
                return value;
            }
            if (depth > 4) {
                return "[nested too deep]";
            }
            if (value instanceof Map<?, ?> map) {
                Map<String, Object> safe = new LinkedHashMap<>();
                map.forEach((key, inner) -> safe.put(clip(String.valueOf(key)), secret(key) ? "[redacted]" : value(inner, depth + 1)));
                return safe;
            }
            if (value instanceof List<?> list) {
                return list.stream().limit(20).map(item -> value(item, depth + 1)).toList();
            }
            return PlainText.clip(String.valueOf(value), 200);
        }
    }
}
