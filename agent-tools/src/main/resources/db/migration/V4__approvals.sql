-- Spending policy overrides per principal (defaults come from configuration).
CREATE TABLE spending_policy (
    principal            TEXT PRIMARY KEY,
    approval_threshold   NUMERIC(20, 4) CHECK (approval_threshold > 0),
    per_transaction_max  NUMERIC(20, 4) CHECK (per_transaction_max > 0),
    daily_outflow_limit  NUMERIC(20, 4) CHECK (daily_outflow_limit > 0),
    updated_at           TIMESTAMPTZ NOT NULL
);

-- Money each principal moved out of accounts per UTC day, updated in the posting transaction. The upsert
-- takes the row lock, so concurrent postings by one principal are checked one after another.
CREATE TABLE daily_outflow (
    actor        TEXT    NOT NULL,
    day          DATE    NOT NULL,
    currency     CHAR(3) NOT NULL,
    total_minor  BIGINT  NOT NULL CHECK (total_minor >= 0),
    PRIMARY KEY (actor, day, currency)
);

-- Money movements above the approval threshold, waiting for a human outside the model's reach.
CREATE TABLE pending_operation (
    id               TEXT PRIMARY KEY,
    principal        TEXT           NOT NULL,
    idempotency_key  TEXT           NOT NULL,
    kind             TEXT           NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'REVERSAL')),
    reverses_transaction_id BIGINT REFERENCES journal_entry (id),
    from_account     TEXT,
    to_account       TEXT,
    amount           NUMERIC(20, 4) NOT NULL CHECK (amount > 0),
    currency         CHAR(3)        NOT NULL,
    reference        TEXT           NOT NULL,
    fingerprint      TEXT           NOT NULL,
    status           TEXT           NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'EXECUTED', 'REJECTED', 'EXPIRED', 'FAILED')),
    created_at       TIMESTAMPTZ    NOT NULL,
    expires_at       TIMESTAMPTZ    NOT NULL,
    decided_by       TEXT,
    decided_at       TIMESTAMPTZ,
    channel          TEXT,
    transaction_id   BIGINT REFERENCES journal_entry (id),
    failure          TEXT,
    UNIQUE (principal, idempotency_key),
    CHECK (from_account IS NOT NULL OR to_account IS NOT NULL),
    CHECK ((kind = 'REVERSAL') = (reverses_transaction_id IS NOT NULL))
);
CREATE INDEX pending_operation_open ON pending_operation (principal, created_at) WHERE status IN ('PENDING', 'APPROVED');
