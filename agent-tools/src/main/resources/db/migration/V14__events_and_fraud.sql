-- Fraud monitoring, issue 13: the transaction event stream, and what the fraud context keeps of it.

-- One row per journal entry, payee change, confirmation decision and first use of a token from a new client, written
-- in the same transaction as what it describes. tx is the writer's transaction id: a consumer reads rows with
-- tx below the oldest transaction still running (pg_snapshot_xmin), in (tx, id) order, so a row whose transaction
-- commits late is neither skipped nor read twice. Ids alone would skip it: they are handed out at insert, not commit.
CREATE TABLE bank_event (
    id          BIGSERIAL PRIMARY KEY,
    tx          XID8        NOT NULL DEFAULT pg_current_xact_id(),
    occurred_at TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('posting', 'payee_added', 'payee_removed', 'confirmation_decided',
                                                     'client_first_seen')),
    actor       TEXT        NOT NULL,
    customer_id BIGINT,
    body        JSONB       NOT NULL
);
CREATE INDEX bank_event_commit_order ON bank_event (tx, id);
CREATE TRIGGER bank_event_append_only BEFORE UPDATE OR DELETE ON bank_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The clients each principal's tokens were used from: the first use from a new one is an event.
CREATE TABLE principal_client (
    principal  TEXT        NOT NULL,
    client     TEXT        NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (principal, client)
);

-- How far each consumer has read: the (tx, id) of the last event it finished, moved in the transaction that finished it.
CREATE TABLE event_cursor (
    consumer   TEXT PRIMARY KEY,
    tx         XID8        NOT NULL,
    event_id   BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO event_cursor (consumer, tx, event_id, updated_at) VALUES ('fraud-monitor', '0', 0, now());

-- Fraud's own view of money movements, one row per customer account an entry touched, projected from the events.
CREATE TABLE fraud_movement (
    event_id          BIGINT      NOT NULL,
    account           TEXT        NOT NULL,
    customer_id       BIGINT      NOT NULL,
    at                TIMESTAMPTZ NOT NULL,
    outflow           BOOLEAN     NOT NULL,
    amount_minor      BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency          CHAR(3)     NOT NULL,
    description       TEXT        NOT NULL,
    counterparty      TEXT,
    payee_id          TEXT,
    payee_added_at    TIMESTAMPTZ,
    transaction_id    BIGINT,
    payment_id        TEXT,
    transport         TEXT        NOT NULL,
    client            TEXT        NOT NULL,
    session           TEXT        NOT NULL,
    proposed_by_model BOOLEAN     NOT NULL,
    confirmed_through TEXT,
    confirmed_in_ms   BIGINT,
    PRIMARY KEY (event_id, account)
);
CREATE INDEX fraud_movement_account_time ON fraud_movement (account, at);
CREATE INDEX fraud_movement_transaction ON fraud_movement (transaction_id) WHERE transaction_id IS NOT NULL;

-- The agent-channel facts: confirmation decisions, payees added, clients first seen.
CREATE TABLE fraud_signal (
    event_id    BIGINT PRIMARY KEY,
    customer_id BIGINT      NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('decision', 'payee_added', 'client_seen')),
    outcome     TEXT,
    session     TEXT        NOT NULL DEFAULT 'none',
    payee_id    TEXT,
    client      TEXT
);
CREATE INDEX fraud_signal_customer_time ON fraud_signal (customer_id, at);

CREATE TABLE fraud_alert (
    id             BIGSERIAL PRIMARY KEY,
    raised_at      TIMESTAMPTZ NOT NULL,
    customer_id    BIGINT      NOT NULL,
    account        TEXT        NOT NULL,
    event_id       BIGINT      NOT NULL,
    description    TEXT        NOT NULL,
    amount_minor   BIGINT      NOT NULL,
    currency       CHAR(3)     NOT NULL,
    transaction_id BIGINT,
    payment_id     TEXT,
    score          INT         NOT NULL,
    action         TEXT        NOT NULL CHECK (action IN ('ALERT', 'HOLD')),
    hits           JSONB       NOT NULL,
    state          TEXT        NOT NULL DEFAULT 'NEW' CHECK (state IN ('NEW', 'IN_REVIEW', 'ESCALATED', 'CLOSED')),
    assignee       TEXT,
    assigned_at    TIMESTAMPTZ,
    resolution     TEXT CHECK (resolution IN ('CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'NO_ACTION')),
    closed_at      TIMESTAMPTZ,
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (event_id, account),
    CHECK ((state = 'CLOSED') = (resolution IS NOT NULL))
);
CREATE INDEX fraud_alert_state ON fraud_alert (state, id DESC);
CREATE INDEX fraud_alert_customer ON fraud_alert (customer_id, id DESC);
CREATE INDEX fraud_alert_payment ON fraud_alert (payment_id) WHERE payment_id IS NOT NULL;

-- Case notes are append-only: a note, once written, is evidence.
CREATE TABLE fraud_case_note (
    id       BIGSERIAL PRIMARY KEY,
    alert_id BIGINT      NOT NULL REFERENCES fraud_alert (id),
    author   TEXT        NOT NULL,
    at       TIMESTAMPTZ NOT NULL,
    text     TEXT        NOT NULL CHECK (length(text) BETWEEN 1 AND 4000)
);
CREATE INDEX fraud_case_note_alert ON fraud_case_note (alert_id, id);
CREATE TRIGGER fraud_case_note_append_only BEFORE UPDATE OR DELETE ON fraud_case_note
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- An analyst's request that a teller reverse a posted transaction; the teller sees the transaction and the reason only.
CREATE TABLE reversal_request (
    id             BIGSERIAL PRIMARY KEY,
    transaction_id BIGINT      NOT NULL,
    requested_by   TEXT        NOT NULL,
    reason         TEXT        NOT NULL,
    alert_id       BIGINT,
    requested_at   TIMESTAMPTZ NOT NULL
);

-- Consumers LISTEN on bank_event to wake as soon as an event commits (they poll as well, in case a wake-up is lost).
-- Statement level: a posting notifies once, and PostgreSQL folds a transaction's identical notifications into one.
CREATE FUNCTION bank_event_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('bank_event', '');
    RETURN NULL;
END $$;
CREATE TRIGGER bank_event_notify AFTER INSERT ON bank_event FOR EACH STATEMENT EXECUTE FUNCTION bank_event_notify();
