-- Accounts opened at the retail-banking provider. A request is written here, committed, before the provider is
-- called, so a timeout or a crash leaves a PENDING row the reconciler finishes with the same provider key.

ALTER TABLE account ADD COLUMN name TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 100);

CREATE TABLE account_opening (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- Sent to the provider as its Idempotency-Key, on the first call and on every retry.
    request_id      UUID        NOT NULL UNIQUE,
    actor           TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
    request_hash    TEXT        NOT NULL,
    customer_id     BIGINT      NOT NULL REFERENCES customer (id),
    product_code    TEXT        NOT NULL,
    account_name    TEXT        NOT NULL CHECK (length(account_name) BETWEEN 1 AND 100),
    status          TEXT        NOT NULL CHECK (status IN ('PENDING', 'OPENED', 'FAILED')),
    account_number  TEXT UNIQUE,
    failure_reason  TEXT,
    attempts        INT         NOT NULL DEFAULT 0,
    last_problem    TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    -- Idempotency keys are scoped to whoever acts, as for ledger postings.
    UNIQUE (actor, idempotency_key),
    CHECK ((status = 'OPENED') = (account_number IS NOT NULL)),
    CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
);
CREATE INDEX account_opening_pending ON account_opening (id) WHERE status = 'PENDING';
