-- Bearer tokens for MCP and chat principals. Only a SHA-256 of each token is stored; the token is shown once.
CREATE TABLE api_token (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash  BYTEA       NOT NULL UNIQUE,
    principal   TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ,
    CHECK (length(token_hash) = 32),
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
