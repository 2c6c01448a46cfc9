package dev.agentbank.chat;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.Result;
import dev.langchain4j.service.UserMessage;

/** The AiServices interface: one user turn in, the final answer (with the tool calls it took) out. */
interface BankAssistant {
    Result<String> chat(@MemoryId String conversationId, @UserMessage String message);
}
