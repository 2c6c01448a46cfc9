-- Payments to other banks (POST /v1/payments). One row per Idempotency-Key: the key is claimed by inserting the
-- payment itself, so a repeated request finds the row and replays it, and a concurrent twin waits on the unique
-- index until the first commits. Keys live apart from the account openings' keys: each endpoint has its own.
-- The status is not stored as it changes: a payment that is not rejected is settled once settle_delay_ms have
-- passed since created_at (the sandbox's settlement delay when it was made), so no background job is needed.
CREATE TABLE provider_sandbox.payment (
    id              TEXT          PRIMARY KEY CHECK (id ~ '^pay_[a-z0-9]{24}$'),
    idempotency_key TEXT          NOT NULL UNIQUE,
    request_hash    TEXT          NOT NULL,
    debtor_account  TEXT          NOT NULL,
    creditor_name   TEXT          NOT NULL,
    creditor_iban   TEXT          NOT NULL,
    amount          NUMERIC(38,4) NOT NULL CHECK (amount > 0),
    currency        CHAR(3)       NOT NULL,
    reference       TEXT          NOT NULL,
    settle_delay_ms BIGINT        NOT NULL CHECK (settle_delay_ms >= 0),
    reason_code     TEXT,
    reason          TEXT,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK ((reason_code IS NULL) = (reason IS NULL))
);
