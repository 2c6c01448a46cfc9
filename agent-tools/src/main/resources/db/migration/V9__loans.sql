-- Loans, issue 11: the ledger learns loan accounts, the bank's income account and two entry kinds; lending keeps the
-- loan book (one loan per accepted application) and each loan's installments.

-- A LOAN account belongs to a customer and caches its balance: minus the principal still owed. Its overdraft limit is
-- the principal lent, so the existing rule "balance >= -overdraft limit" is exactly "never owe more than was lent".
-- INCOME is the bank's fee and interest income per currency: like SETTLEMENT, no customer and no cached balance.
ALTER TABLE account DROP CONSTRAINT account_kind_check;
ALTER TABLE account ADD CONSTRAINT account_kind_check CHECK (kind IN ('CHECKING', 'SAVINGS', 'SETTLEMENT', 'LOAN', 'INCOME'));
ALTER TABLE account DROP CONSTRAINT account_check;
ALTER TABLE account DROP CONSTRAINT account_check1;
ALTER TABLE account DROP CONSTRAINT account_check2;
ALTER TABLE account ADD CONSTRAINT account_internal_balance CHECK ((kind IN ('SETTLEMENT', 'INCOME')) = (balance_minor IS NULL));
ALTER TABLE account ADD CONSTRAINT account_internal_customer CHECK ((kind IN ('SETTLEMENT', 'INCOME')) = (customer_id IS NULL));
ALTER TABLE account ADD CONSTRAINT account_overdraft CHECK (kind IN ('SETTLEMENT', 'INCOME') OR balance_minor >= -overdraft_limit_minor);
-- A loan account never holds money: repayments stop at zero.
ALTER TABLE account ADD CONSTRAINT account_loan_not_positive CHECK (kind <> 'LOAN' OR balance_minor <= 0);
CREATE UNIQUE INDEX income_per_currency ON account (currency) WHERE kind = 'INCOME';

ALTER TABLE journal_entry DROP CONSTRAINT journal_entry_kind_check;
ALTER TABLE journal_entry ADD CONSTRAINT journal_entry_kind_check
    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'REVERSAL', 'OPENING', 'DISBURSEMENT', 'LOAN_REPAYMENT'));

-- One loan per accepted application: the unique application_id is what makes a disbursement happen exactly once.
-- The loan and its LOAN account are written in one transaction (status DISBURSING); the DISBURSEMENT entry is posted
-- next under an idempotency key derived from the application, and the loan turns ACTIVE with its entry id.
-- No foreign key to loan_application: the loan book needs only the accepted offer, which it copies here.
CREATE TABLE loan (
    id                       TEXT PRIMARY KEY CHECK (id ~ '^LN-[0-9A-HJKMNP-TV-Z]{12}$'),
    application_id           TEXT        NOT NULL UNIQUE CHECK (application_id ~ '^LA-[0-9A-HJKMNP-TV-Z]{12}$'),
    customer_id              BIGINT      NOT NULL REFERENCES customer (id),
    loan_account_id          BIGINT      NOT NULL UNIQUE REFERENCES account (id),
    -- the LOAN account's number, kept here so lending never reads the accounts' table
    loan_account             TEXT        NOT NULL UNIQUE,
    disbursement_account     TEXT        NOT NULL,
    currency                 CHAR(3)     NOT NULL,
    principal_minor          BIGINT      NOT NULL CHECK (principal_minor > 0),
    nominal_rate_percent     NUMERIC(8, 4) NOT NULL CHECK (nominal_rate_percent >= 0),
    term_months              INTEGER     NOT NULL CHECK (term_months >= 1),
    fee_minor                BIGINT      NOT NULL CHECK (fee_minor >= 0 AND fee_minor < principal_minor),
    first_due_date           DATE        NOT NULL,
    status                   TEXT        NOT NULL CHECK (status IN ('DISBURSING', 'ACTIVE', 'CLOSED')),
    created_at               TIMESTAMPTZ NOT NULL,
    disbursed_at             TIMESTAMPTZ,
    disbursement_entry_id    BIGINT REFERENCES journal_entry (id),
    closed_at                TIMESTAMPTZ,
    CHECK ((status = 'DISBURSING') = (disbursement_entry_id IS NULL)),
    CHECK ((disbursement_entry_id IS NULL) = (disbursed_at IS NULL)),
    CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))
);
CREATE INDEX loan_customer ON loan (customer_id);

-- The schedule as offered, one row per installment. The principal and interest parts are the schedule's; what is
-- still owed is the parts minus what repayments paid, so a partly paid installment shows both.
CREATE TABLE loan_installment (
    loan_id                 TEXT        NOT NULL REFERENCES loan (id),
    number                  INTEGER     NOT NULL CHECK (number >= 1),
    due_date                DATE        NOT NULL,
    principal_minor         BIGINT      NOT NULL CHECK (principal_minor >= 0),
    interest_minor          BIGINT      NOT NULL CHECK (interest_minor >= 0),
    amount_minor            BIGINT      NOT NULL CHECK (amount_minor = principal_minor + interest_minor),
    principal_paid_minor    BIGINT      NOT NULL DEFAULT 0 CHECK (principal_paid_minor BETWEEN 0 AND principal_minor),
    interest_paid_minor     BIGINT      NOT NULL DEFAULT 0 CHECK (interest_paid_minor BETWEEN 0 AND interest_minor),
    status                  TEXT        NOT NULL CHECK (status IN ('DUE', 'PAID', 'OVERDUE')),
    paid_at                 TIMESTAMPTZ,
    -- the journal entry (a collection or a repayment) that completed the payment of this installment
    collecting_entry_id     BIGINT REFERENCES journal_entry (id),
    PRIMARY KEY (loan_id, number),
    CHECK ((status = 'PAID') = (paid_at IS NOT NULL))
);
CREATE INDEX loan_installment_open ON loan_installment (due_date) WHERE status <> 'PAID';

-- Each repayment posted to a loan, by its journal entry: the loan's own record of how each entry was applied. A retry
-- under the same actor and key answers from here: the split of a repayment depends on the day, so recomputing it on
-- a later retry could differ from what was posted.
CREATE TABLE loan_repayment (
    entry_id         BIGINT      PRIMARY KEY REFERENCES journal_entry (id),
    loan_id          TEXT        NOT NULL REFERENCES loan (id),
    actor            TEXT        NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    from_account     TEXT        NOT NULL,
    principal_minor  BIGINT      NOT NULL CHECK (principal_minor >= 0),
    interest_minor   BIGINT      NOT NULL CHECK (interest_minor >= 0),
    source           TEXT        NOT NULL CHECK (source IN ('COLLECTION', 'REPAYMENT')),
    paid_at          TIMESTAMPTZ NOT NULL,
    UNIQUE (actor, idempotency_key)
);
CREATE INDEX loan_repayment_loan ON loan_repayment (loan_id);
