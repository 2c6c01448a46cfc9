package dev.agentbank.chat;

import dev.agentbank.identity.CallContext;
import dev.agentbank.identity.Principal;
import dev.agentbank.tools.ToolBox;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The banking assistant for one principal and one conversation: LangChain4j AiServices over the ToolBox, with a
 * bounded message window persisted in PostgreSQL. Not thread-safe: one conversation is one user typing.
 */
public final class ChatAssistant {
    private static final Logger log = LoggerFactory.getLogger(ChatAssistant.class);
    public static final int DEFAULT_MAX_MESSAGES = 40;
    public static final int DEFAULT_MAX_TOOL_ROUND_TRIPS = 8;

    private final BankAssistant service;
    private final ConversationId conversation;
    private final String endpoint;
    private final Duration timeout;
    private final List<ToolRun> turnTools = new ArrayList<>();

    private ChatAssistant(Builder builder) {
        this.conversation = Objects.requireNonNull(builder.conversation, "conversation");
        this.endpoint = builder.endpoint;
        this.timeout = builder.timeout;
        ToolListener outer = builder.listener;
        ToolListener recording = new ToolListener() {
            @Override
            public void starting(String name) {
                outer.starting(name);
            }

            @Override
            public void finished(ToolRun run) {
                turnTools.add(run);
                outer.finished(run);
            }
        };
        ChatTools tools = new ChatTools(builder.toolBox, builder.principal, builder.context, recording);
        ChatMemoryStore store = Objects.requireNonNull(builder.store, "store");
        int maxMessages = builder.maxMessages;
        String systemPrompt = SystemPrompt.of(builder.principal, LocalDate.ofInstant(builder.clock.instant(), ZoneOffset.UTC));
        this.service = AiServices.builder(BankAssistant.class)
                .chatModel(Objects.requireNonNull(builder.model, "model"))
                .systemMessageProvider(memoryId -> systemPrompt)
                .chatMemoryProvider(memoryId -> MessageWindowChatMemory.builder()
                        .id(memoryId).maxMessages(maxMessages).chatMemoryStore(store).build())
                .tools(tools.executors())
                .hallucinatedToolNameStrategy(tools::answerUnknownTool)
                // The ToolBox answers bad arguments and failures itself; these only catch what slips past it.
                .toolArgumentsErrorHandler((error, context) -> {
                    log.debug("tool arguments error", error);
                    return ToolErrorHandlerResult.text("The arguments for " + context.toolExecutionRequest().name()
                            + " do not fit its parameters; check each value against the tool's description.");
                })
                .toolExecutionErrorHandler((error, context) -> {
                    log.warn("tool {} failed: {}", context.toolExecutionRequest().name(), error.toString());
                    return ToolErrorHandlerResult.text(ToolBox.failureText(error));
                })
                .maxToolCallingRoundTrips(builder.maxToolRoundTrips)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public ConversationId conversation() {
        return conversation;
    }

    /** One user turn. A failing model endpoint comes back as {@link Reply.ModelFailed}; the turn stays in memory. */
    public Reply ask(String userText) {
        turnTools.clear();
        try {
            Result<String> result = service.chat(conversation.value(), userText);
            String text = result.content() == null ? "" : result.content();
            return new Reply.Answer(text, List.copyOf(turnTools));
        } catch (RuntimeException e) {
            log.debug("model call failed", e);
            return new Reply.ModelFailed(ModelFailures.describe(e, endpoint, timeout), List.copyOf(turnTools));
        }
    }

    public static final class Builder {
        private ChatModel model;
        private ToolBox toolBox;
        private Principal principal;
        private CallContext context;
        private ChatMemoryStore store;
        private ConversationId conversation;
        private ToolListener listener = ToolListener.NONE;
        private String endpoint = "the configured endpoint";
        private Duration timeout = Duration.ofSeconds(60);
        private int maxMessages = DEFAULT_MAX_MESSAGES;
        private int maxToolRoundTrips = DEFAULT_MAX_TOOL_ROUND_TRIPS;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder model(ChatModel model) {
            this.model = model;
            return this;
        }

        /** Where the model lives and how long a reply may take, for the messages shown when it fails. */
        public Builder endpoint(String endpoint, Duration timeout) {
            this.endpoint = endpoint;
            this.timeout = timeout;
            return this;
        }

        public Builder tools(ToolBox toolBox, Principal principal, CallContext context) {
            this.toolBox = toolBox;
            this.principal = principal;
            this.context = context;
            return this;
        }

        public Builder memory(ChatMemoryStore store, ConversationId conversation) {
            this.store = store;
            this.conversation = conversation;
            return this;
        }

        public Builder listener(ToolListener listener) {
            this.listener = listener;
            return this;
        }

        public Builder maxMessages(int maxMessages) {
            if (maxMessages < 4) {
                throw new IllegalArgumentException("maxMessages must be at least 4");
            }
            this.maxMessages = maxMessages;
            return this;
        }

        public Builder maxToolRoundTrips(int maxToolRoundTrips) {
            if (maxToolRoundTrips < 1) {
                throw new IllegalArgumentException("maxToolRoundTrips must be at least 1");
            }
            this.maxToolRoundTrips = maxToolRoundTrips;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ChatAssistant build() {
            Objects.requireNonNull(toolBox, "tools");
            return new ChatAssistant(this);
        }
    }
}
