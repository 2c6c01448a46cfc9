-- The chat assistant's memory: one row per conversation, owned by the principal who started it. Messages are
-- LangChain4j's JSON form of the bounded window (system, user, assistant and tool messages), replaced on each turn.
CREATE TABLE chat_conversation (
    id          TEXT        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]{8,64}$'),
    principal   TEXT        NOT NULL,
    messages    JSONB       NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(messages) = 'array'),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
