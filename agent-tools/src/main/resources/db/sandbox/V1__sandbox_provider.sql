-- The built-in sandbox provider's own state, in its own schema (Flyway runs this with provider_sandbox as the
-- default schema and keeps its history table there). Nothing in the bank's schema refers to it.

-- Account serials from 90,000,000: the bank's own account_number_seq counts up from 1, so the two ranges
-- cannot meet before the bank has opened ninety million accounts itself.
CREATE SEQUENCE provider_sandbox.account_serial START WITH 90000000 MAXVALUE 99999999;

CREATE TABLE provider_sandbox.account (
    account_number  TEXT          PRIMARY KEY,
    customer_id     BIGINT        NOT NULL,
    name            TEXT          NOT NULL,
    product_code    TEXT          NOT NULL,
    currency        CHAR(3)       NOT NULL,
    opening_balance NUMERIC(19,2) NOT NULL CHECK (opening_balance >= 0),
    status          TEXT          NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX account_customer ON provider_sandbox.account (customer_id);

-- One row per Idempotency-Key: the request it first came with and the account that request opened.
CREATE TABLE provider_sandbox.idempotency_key (
    key            TEXT        PRIMARY KEY,
    request_hash   TEXT        NOT NULL,
    account_number TEXT        REFERENCES provider_sandbox.account (account_number),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
