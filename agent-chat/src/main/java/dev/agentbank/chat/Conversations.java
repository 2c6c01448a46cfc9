package dev.agentbank.chat;

import dev.agentbank.identity.Principal;
import dev.agentbank.shared.jdbc.Jdbc;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Conversations kept in PostgreSQL ({@code chat_conversation}). Each belongs to the principal who started it;
 * another principal cannot resume it, and cannot tell it from one that does not exist.
 */
public final class Conversations {
    private final Jdbc jdbc;
    private final Clock clock;

    public Conversations(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Starting or resuming a conversation. */
    public sealed interface Opening {
        record Opened(ConversationId id, boolean resumed, int messages) implements Opening {}

        record Refused(String message) implements Opening {}
    }

    public Opening.Opened start(Principal principal) {
        ConversationId id = ConversationId.random();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.run("start a conversation", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO chat_conversation (id, principal, messages, created_at, updated_at) VALUES (?, ?, '[]'::jsonb, ?, ?)")) {
                insert.setString(1, id.value());
                insert.setString(2, principal.encoded());
                insert.setTimestamp(3, now);
                insert.setTimestamp(4, now);
                insert.executeUpdate();
            }
        });
        return new Opening.Opened(id, false, 0);
    }

    /** The principal's own conversation; someone else's reads exactly like one that does not exist. */
    public Opening resume(Principal principal, ConversationId id) {
        Optional<List<ChatMessage>> messages = load(principal, id.value());
        return messages.<Opening>map(list -> new Opening.Opened(id, true, list.size()))
                .orElseGet(() -> new Opening.Refused("No conversation " + id + " of yours was found; start a new one without --conversation."));
    }

    /** The memory store for one principal: it reads and writes only that principal's conversations. */
    public ChatMemoryStore storeFor(Principal principal) {
        return new Store(principal);
    }

    private Optional<List<ChatMessage>> load(Principal principal, String id) {
        return jdbc.query("read conversation " + id, connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT messages::text FROM chat_conversation WHERE id = ? AND principal = ?")) {
                select.setString(1, id);
                select.setString(2, principal.encoded());
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next()
                            ? Optional.of(ChatMessageDeserializer.messagesFromJson(rows.getString(1)))
                            : Optional.<List<ChatMessage>>empty();
                }
            }
        });
    }

    private final class Store implements ChatMemoryStore {
        private final Principal principal;

        private Store(Principal principal) {
            this.principal = principal;
        }

        @Override
        public List<ChatMessage> getMessages(Object memoryId) {
            return load(principal, String.valueOf(memoryId)).orElse(List.of());
        }

        @Override
        public void updateMessages(Object memoryId, List<ChatMessage> messages) {
            write(String.valueOf(memoryId), ChatMessageSerializer.messagesToJson(messages));
        }

        @Override
        public void deleteMessages(Object memoryId) {
            write(String.valueOf(memoryId), "[]");
        }

        /** Updates the principal's own row, or creates it; never touches another principal's conversation. */
        private void write(String id, String json) {
            Timestamp now = Timestamp.from(clock.instant());
            int written = jdbc.inTransaction("save conversation " + id, connection -> {
                try (PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO chat_conversation (id, principal, messages, created_at, updated_at)
                        VALUES (?, ?, ?::jsonb, ?, ?)
                        ON CONFLICT (id) DO UPDATE SET messages = excluded.messages, updated_at = excluded.updated_at
                        WHERE chat_conversation.principal = excluded.principal""")) {
                    upsert.setString(1, id);
                    upsert.setString(2, principal.encoded());
                    upsert.setString(3, json);
                    upsert.setTimestamp(4, now);
                    upsert.setTimestamp(5, now);
                    return upsert.executeUpdate();
                }
            });
            if (written != 1) {
                throw new IllegalStateException("conversation " + id + " belongs to another principal");
            }
        }
    }
}
