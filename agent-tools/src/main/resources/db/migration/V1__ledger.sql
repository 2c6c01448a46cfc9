-- Customers, accounts, the double-entry journal and the hash-chained audit log.
-- Money is stored as integer minor units (cents) in BIGINT columns: exact and fast.

CREATE SEQUENCE customer_seq INCREMENT BY 50;
CREATE SEQUENCE account_seq INCREMENT BY 50;
CREATE SEQUENCE account_number_seq;

CREATE TABLE customer (
    id           BIGINT PRIMARY KEY,
    full_name    TEXT        NOT NULL CHECK (length(full_name) BETWEEN 1 AND 200),
    email        TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE account (
    id                    BIGINT PRIMARY KEY,
    number                TEXT        NOT NULL UNIQUE,
    customer_id           BIGINT REFERENCES customer (id),
    kind                  TEXT        NOT NULL CHECK (kind IN ('CHECKING', 'SAVINGS', 'SETTLEMENT')),
    currency              CHAR(3)     NOT NULL,
    status                TEXT        NOT NULL CHECK (status IN ('OPEN', 'FROZEN', 'CLOSED')),
    overdraft_limit_minor BIGINT      NOT NULL DEFAULT 0 CHECK (overdraft_limit_minor >= 0),
    -- Cached balance. NULL only for settlement accounts, whose balance is the sum of their postings:
    -- caching it would make every deposit and withdrawal queue on one hot row.
    balance_minor         BIGINT,
    last_seq              BIGINT      NOT NULL DEFAULT 0,
    opened_at             TIMESTAMPTZ NOT NULL,
    CHECK ((kind = 'SETTLEMENT') = (balance_minor IS NULL)),
    CHECK ((kind = 'SETTLEMENT') = (customer_id IS NULL)),
    -- The last line of defence for the overdraft rule the domain already enforces.
    CHECK (kind = 'SETTLEMENT' OR balance_minor >= -overdraft_limit_minor)
);
CREATE INDEX account_customer ON account (customer_id);
CREATE UNIQUE INDEX settlement_per_currency ON account (currency) WHERE kind = 'SETTLEMENT';

-- Journal, postings and audit events are written by hand-tuned SQL (one statement per movement),
-- so their ids come from identity columns rather than Hibernate.
CREATE TABLE journal_entry (
    id                BIGINT GENERATED ALWAYS AS IDENTITY (CACHE 100) PRIMARY KEY,
    kind              TEXT        NOT NULL CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'REVERSAL', 'OPENING')),
    actor             TEXT        NOT NULL,
    idempotency_key   TEXT        NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 128),
    request_hash      TEXT        NOT NULL,
    reference         TEXT,
    reverses_entry_id BIGINT REFERENCES journal_entry (id),
    posted_at         TIMESTAMPTZ NOT NULL,
    -- Idempotency keys are scoped to whoever acts; a key posts at most once.
    UNIQUE (actor, idempotency_key)
);

-- A transaction is reversed at most once.
CREATE UNIQUE INDEX journal_entry_reversed_once ON journal_entry (reverses_entry_id) WHERE reverses_entry_id IS NOT NULL;

CREATE TABLE posting (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY (CACHE 100) PRIMARY KEY,
    entry_id            BIGINT      NOT NULL REFERENCES journal_entry (id),
    account_id          BIGINT      NOT NULL REFERENCES account (id),
    -- Position in the account's own history, assigned under the account's row lock:
    -- a stable cursor that new postings can never fall behind.
    account_seq         BIGINT,
    kind                TEXT        NOT NULL,
    amount_minor        BIGINT      NOT NULL CHECK (amount_minor <> 0),
    currency            CHAR(3)     NOT NULL,
    balance_after_minor BIGINT,
    posted_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX posting_entry ON posting (entry_id);
CREATE UNIQUE INDEX posting_account_history ON posting (account_id, account_seq) WHERE account_seq IS NOT NULL;
CREATE INDEX posting_settlement ON posting (account_id) WHERE account_seq IS NULL;

-- Every journal entry balances: its postings sum to zero per currency. The ledger inserts all postings of an
-- entry in one statement, so a statement-level check over the inserted rows sees whole entries.
CREATE FUNCTION check_entries_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    unbalanced BIGINT;
BEGIN
    SELECT entry_id INTO unbalanced FROM inserted GROUP BY entry_id, currency HAVING sum(amount_minor) <> 0 LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance', unbalanced USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER posting_entries_balance AFTER INSERT ON posting
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION check_entries_balance();

CREATE TABLE audit_event (
    id          BIGINT GENERATED ALWAYS AS IDENTITY (CACHE 100) PRIMARY KEY,
    occurred_at TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    subject     TEXT,
    details     TEXT        NOT NULL,
    outcome     TEXT        NOT NULL
);

-- Events written but not yet chained. The sealer drains this queue in one process at a time.
CREATE TABLE audit_pending (
    event_id BIGINT PRIMARY KEY REFERENCES audit_event (id) DEFERRABLE INITIALLY DEFERRED
);

-- The hash chain: position n links event e to the hash at position n-1.
CREATE TABLE audit_seal (
    position      BIGINT PRIMARY KEY,
    event_id      BIGINT NOT NULL UNIQUE REFERENCES audit_event (id),
    previous_hash TEXT   NOT NULL,
    hash          TEXT   NOT NULL
);

-- History is append-only: the database itself refuses edits and deletions.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER journal_entry_append_only BEFORE UPDATE OR DELETE ON journal_entry
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER journal_entry_no_truncate BEFORE TRUNCATE ON journal_entry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_append_only BEFORE UPDATE OR DELETE ON posting
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER posting_no_truncate BEFORE TRUNCATE ON posting
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_seal_append_only BEFORE UPDATE OR DELETE ON audit_seal
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
