package dev.agentbank.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentbank.identity.Principal;
import dev.agentbank.identity.Role;
import dev.agentbank.testing.SharedBankTest;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationsTest extends SharedBankTest {
    private static final Principal ADA = new Principal.CustomerPrincipal(1);
    private static final Principal GRACE = new Principal.CustomerPrincipal(2);

    private static Conversations conversations() {
        return new Conversations(bank.dataSource(), Clock.systemUTC());
    }

    private static List<ChatMessage> exchange() {
        ToolExecutionRequest call = ToolExecutionRequest.builder().id("call_1").name("get_balance")
                .arguments("{\"account_number\":\"AB0000000017\"}").build();
        return List.of(SystemMessage.from("rules"), UserMessage.from("What's my balance?"), AiMessage.from(call),
                ToolExecutionResultMessage.from(call, "{\"balance\":\"10.00\"}"), AiMessage.from("You have 10.00 EUR."));
    }

    @Test
    void keepsMessagesIncludingToolCallsAcrossStoreInstances() {
        ConversationId id = conversations().start(ADA).id();
        conversations().storeFor(ADA).updateMessages(id.value(), exchange());

        List<ChatMessage> loaded = conversations().storeFor(ADA).getMessages(id.value());

        assertThat(loaded).isEqualTo(exchange());
        assertThat(conversations().resume(ADA, id)).isEqualTo(new Conversations.Opening.Opened(id, true, 5));
    }

    @Test
    void anotherPrincipalCannotResumeAConversationAndCannotTellItExists() {
        ConversationId id = conversations().start(ADA).id();
        ConversationId unknown = ConversationId.random();

        Conversations.Opening someoneElses = conversations().resume(GRACE, id);
        Conversations.Opening missing = conversations().resume(GRACE, unknown);

        assertThat(someoneElses).isInstanceOf(Conversations.Opening.Refused.class);
        assertThat(((Conversations.Opening.Refused) someoneElses).message().replace(id.value(), "ID"))
                .isEqualTo(((Conversations.Opening.Refused) missing).message().replace(unknown.value(), "ID"));
        assertThat(conversations().resume(new Principal.Staff(Role.TELLER, "tina"), id))
                .isInstanceOf(Conversations.Opening.Refused.class);
    }

    @Test
    void anotherPrincipalsStoreNeitherReadsNorOverwritesTheConversation() {
        ConversationId id = conversations().start(ADA).id();
        conversations().storeFor(ADA).updateMessages(id.value(), exchange());
        ChatMemoryStore graces = conversations().storeFor(GRACE);

        assertThat(graces.getMessages(id.value())).isEmpty();
        assertThatThrownBy(() -> graces.updateMessages(id.value(), List.of(UserMessage.from("mine now"))))
                .hasMessageContaining("belongs to another principal");
        assertThat(conversations().storeFor(ADA).getMessages(id.value())).isEqualTo(exchange());
    }

    @Test
    void theWindowIsBoundedAndPersisted() {
        ConversationId id = conversations().start(ADA).id();
        MessageWindowChatMemory memory = MessageWindowChatMemory.builder().id(id.value()).maxMessages(4)
                .chatMemoryStore(conversations().storeFor(ADA)).build();
        for (int i = 0; i < 6; i++) {
            memory.add(UserMessage.from("message " + i));
        }

        assertThat(conversations().storeFor(ADA).getMessages(id.value()))
                .extracting(message -> ((UserMessage) message).singleText())
                .containsExactly("message 2", "message 3", "message 4", "message 5");
    }

    @Test
    void conversationIdsHaveAFixedShape() {
        assertThat(ConversationId.random().value()).matches("c-[0-9a-f]{16}");
        assertThat(ConversationId.parse("c-0123456789abcdef")).isPresent();
        assertThat(ConversationId.parse("x'; drop table")).isEmpty();
        assertThat(ConversationId.parse("short")).isEmpty();
    }
}
