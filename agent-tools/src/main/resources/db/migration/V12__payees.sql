-- Payments, issue 12: payees. A customer's payee is added only once a human confirmed it, through the channel, by
-- whom and when recorded here. account is an AB number of this bank or an IBAN in electronic form; an internal
-- payee's account is not checked for existence (the payer must not learn it). created_by and idempotency_key make a
-- retried add_payee answer the payee it stored instead of adding a second one. Removed payees stay, for the record.
CREATE TABLE payee (
    id                   TEXT PRIMARY KEY CHECK (id ~ '^PY-[0-9A-HJKMNP-TV-Z]{12}$'),
    customer_id          BIGINT      NOT NULL REFERENCES customer (id),
    name                 TEXT        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 70),
    kind                 TEXT        NOT NULL CHECK (kind IN ('INTERNAL', 'EXTERNAL')),
    account              TEXT        NOT NULL,
    status               TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'REMOVED')),
    created_at           TIMESTAMPTZ NOT NULL,
    confirmed_channel    TEXT        NOT NULL,
    confirmed_by         TEXT        NOT NULL,
    confirmed_at         TIMESTAMPTZ NOT NULL,
    removed_at           TIMESTAMPTZ,
    created_by           TEXT        NOT NULL,
    idempotency_key      TEXT        NOT NULL,
    CONSTRAINT payee_key UNIQUE (created_by, idempotency_key),
    CONSTRAINT payee_account CHECK (
        (kind = 'INTERNAL' AND account ~ '^AB[0-9]{10}$') OR (kind = 'EXTERNAL' AND account ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$')),
    CONSTRAINT payee_removed CHECK ((status = 'REMOVED') = (removed_at IS NOT NULL))
);

CREATE INDEX payee_customer ON payee (customer_id, created_at);
