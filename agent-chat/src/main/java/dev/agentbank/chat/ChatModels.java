package dev.agentbank.chat;

import dev.agentbank.config.LlmConfig;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

/** The model behind the assistant: any OpenAI-compatible chat completions endpoint. */
public final class ChatModels {
    private ChatModels() {}

    public static ChatModel openAiCompatible(LlmConfig config) {
        return OpenAiChatModel.builder()
                .baseUrl(config.baseUrlText())
                .apiKey(config.apiKey().isEmpty() ? null : config.apiKey().value())
                .modelName(config.model())
                .timeout(config.timeout())
                .maxRetries(config.maxRetries())
                .build();
    }
}
