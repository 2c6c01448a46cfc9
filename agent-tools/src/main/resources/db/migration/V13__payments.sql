-- Payments, issue 12: paying payees, and a confirmation threshold that cannot be split around.

-- CLEARING holds outgoing external payments between the customer's debit and the provider's answer, one per currency:
-- like SETTLEMENT and INCOME, no customer and no cached balance. Its balance is the sum of payments in flight.
ALTER TABLE account DROP CONSTRAINT account_kind_check;
ALTER TABLE account ADD CONSTRAINT account_kind_check
    CHECK (kind IN ('CHECKING', 'SAVINGS', 'SETTLEMENT', 'LOAN', 'INCOME', 'CLEARING'));
ALTER TABLE account DROP CONSTRAINT account_internal_balance;
ALTER TABLE account DROP CONSTRAINT account_internal_customer;
ALTER TABLE account DROP CONSTRAINT account_overdraft;
ALTER TABLE account ADD CONSTRAINT account_internal_balance
    CHECK ((kind IN ('SETTLEMENT', 'INCOME', 'CLEARING')) = (balance_minor IS NULL));
ALTER TABLE account ADD CONSTRAINT account_internal_customer
    CHECK ((kind IN ('SETTLEMENT', 'INCOME', 'CLEARING')) = (customer_id IS NULL));
ALTER TABLE account ADD CONSTRAINT account_overdraft
    CHECK (kind IN ('SETTLEMENT', 'INCOME', 'CLEARING') OR balance_minor >= -overdraft_limit_minor);
CREATE UNIQUE INDEX clearing_per_currency ON account (currency) WHERE kind = 'CLEARING';
-- Every currency with a settlement account gets its clearing account now; later ones come with their first account.
INSERT INTO account (id, number, customer_id, kind, currency, status, overdraft_limit_minor, balance_minor, last_seq, opened_at)
SELECT nextval('account_seq'), 'CLEARING-' || currency, NULL, 'CLEARING', currency, 'OPEN', 0, NULL, 0, now()
FROM account WHERE kind = 'SETTLEMENT';

-- PAYMENT: to a payee at this bank, payer debited and payee credited in one entry.
-- PAYMENT_OUT: to a payee elsewhere, payer debited and CLEARING credited; then either
-- PAYMENT_SETTLED (CLEARING to SETTLEMENT: the money left the bank) or PAYMENT_RETURNED (CLEARING back to the payer).
ALTER TABLE journal_entry DROP CONSTRAINT journal_entry_kind_check;
ALTER TABLE journal_entry ADD CONSTRAINT journal_entry_kind_check
    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'REVERSAL', 'OPENING', 'DISBURSEMENT', 'LOAN_REPAYMENT',
                    'PAYMENT', 'PAYMENT_OUT', 'PAYMENT_SETTLED', 'PAYMENT_RETURNED'));

-- What each principal moved out of accounts without a human, per minute, for the rolling 24 hours: written in the
-- posting transaction under a per-principal lock, so concurrent small movements are summed one after another. A
-- minute's bucket counts whole while any of it is inside the window, so the total errs on the side of asking.
-- counterparty is '' for movements that are not payments.
CREATE TABLE unconfirmed_outflow (
    actor        TEXT        NOT NULL,
    currency     CHAR(3)     NOT NULL,
    counterparty TEXT        NOT NULL,
    minute       TIMESTAMPTZ NOT NULL,
    total_minor  BIGINT      NOT NULL CHECK (total_minor > 0),
    PRIMARY KEY (actor, currency, minute, counterparty)
);

-- One row per payment, written in the same transaction as its first journal entry, so a payment exists exactly when
-- its money left the payer. (actor, idempotency_key) makes a retried pay answer the payment it made.
CREATE TABLE payment (
    id                  TEXT PRIMARY KEY CHECK (id ~ '^PM-[0-9A-HJKMNP-TV-Z]{12}$'),
    customer_id         BIGINT      NOT NULL REFERENCES customer (id),
    payee_id            TEXT        NOT NULL REFERENCES payee (id),
    kind                TEXT        NOT NULL CHECK (kind IN ('INTERNAL', 'EXTERNAL')),
    from_account        TEXT        NOT NULL,
    -- the payee's name and account exactly as paid, even if the payee is removed later
    payee_name          TEXT        NOT NULL,
    payee_account       TEXT        NOT NULL,
    amount_minor        BIGINT      NOT NULL CHECK (amount_minor > 0),
    currency            CHAR(3)     NOT NULL,
    reference           TEXT        NOT NULL CHECK (char_length(reference) <= 140),
    status              TEXT        NOT NULL CHECK (status IN ('PENDING', 'SETTLED', 'RETURNED')),
    actor               TEXT        NOT NULL,
    idempotency_key     TEXT        NOT NULL,
    request_hash        TEXT        NOT NULL,
    confirmed_by        TEXT        NOT NULL,
    confirmed_channel   TEXT        NOT NULL,
    debit_entry_id      BIGINT      NOT NULL UNIQUE REFERENCES journal_entry (id),
    closing_entry_id    BIGINT      UNIQUE REFERENCES journal_entry (id),
    provider_payment_id TEXT        UNIQUE,
    return_code         TEXT,
    return_reason       TEXT,
    attempts            INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMPTZ,
    last_problem        TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    finished_at         TIMESTAMPTZ,
    CONSTRAINT payment_key UNIQUE (actor, idempotency_key),
    CONSTRAINT payment_finished CHECK ((status = 'PENDING') = (finished_at IS NULL)),
    CONSTRAINT payment_internal_settled CHECK (kind = 'EXTERNAL' OR status = 'SETTLED'),
    CONSTRAINT payment_returned CHECK ((status = 'RETURNED') = (return_reason IS NOT NULL))
);
CREATE INDEX payment_customer ON payment (customer_id, created_at DESC);
CREATE INDEX payment_payee ON payment (payee_id, created_at);
CREATE INDEX payment_due ON payment (next_attempt_at) WHERE status = 'PENDING';
