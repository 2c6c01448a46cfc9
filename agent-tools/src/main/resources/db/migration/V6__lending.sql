-- Lending, issue 11: loan products and resumable application drafts.

-- Products are data, not code: a new product or a repriced band is a row, not a release. Amounts are in minor units
-- of the product's currency; rates and the fee are percents (6.90 means 6.90 %). LoanProduct checks a row again when
-- it is loaded, so a bad row stops at loading with a message naming the setting.
CREATE TABLE loan_product (
    code               TEXT PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    currency           CHAR(3)      NOT NULL,
    min_amount_minor   BIGINT       NOT NULL CHECK (min_amount_minor > 0),
    max_amount_minor   BIGINT       NOT NULL,
    min_term_months    INTEGER      NOT NULL CHECK (min_term_months >= 1),
    max_term_months    INTEGER      NOT NULL CHECK (max_term_months <= 600),
    fee_percent        NUMERIC(8, 4) NOT NULL CHECK (fee_percent >= 0 AND fee_percent < 100),
    fee_minimum_minor  BIGINT       NOT NULL CHECK (fee_minimum_minor >= 0),
    CHECK (min_amount_minor <= max_amount_minor),
    CHECK (min_term_months <= max_term_months)
);

-- The nominal annual rate per risk band; every product prices every band.
CREATE TABLE loan_product_rate (
    product_code          TEXT          NOT NULL REFERENCES loan_product (code),
    band                  TEXT          NOT NULL CHECK (band IN ('A', 'B', 'C')),
    nominal_rate_percent  NUMERIC(8, 4) NOT NULL CHECK (nominal_rate_percent >= 0 AND nominal_rate_percent < 100),
    PRIMARY KEY (product_code, band)
);

INSERT INTO loan_product (code, currency, min_amount_minor, max_amount_minor, min_term_months, max_term_months,
                          fee_percent, fee_minimum_minor)
VALUES ('personal-loan', 'EUR', 100000, 5000000, 6, 84, 1.00, 2500);

INSERT INTO loan_product_rate (product_code, band, nominal_rate_percent)
VALUES ('personal-loan', 'A', 6.90), ('personal-loan', 'B', 9.90), ('personal-loan', 'C', 14.90);

-- One loan application. This migration holds what a draft knows (and the expiry of a draft): the nine fields as
-- nullable typed columns (null while not given; amounts in minor units of currency, the product's currency at
-- start), when it was started and last changed, who started it and under which idempotency key, so a retried start
-- returns the same draft. The later states (submission and consent, decision, offer, acceptance, payout) add their
-- own columns or tables in the migrations that bring them, rather than a loosely typed JSON column now.
CREATE TABLE loan_application (
    id                           TEXT PRIMARY KEY CHECK (id ~ '^LA-[0-9A-HJKMNP-TV-Z]{12}$'),
    customer_id                  BIGINT      NOT NULL REFERENCES customer (id),
    product_code                 TEXT        NOT NULL REFERENCES loan_product (code),
    status                       TEXT        NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'REFERRED', 'APPROVED',
                                     'DECLINED', 'ACCEPTED', 'DISBURSED', 'WITHDRAWN', 'EXPIRED')),
    currency                     CHAR(3)     NOT NULL,
    amount_minor                 BIGINT CHECK (amount_minor > 0),
    term_months                  INTEGER CHECK (term_months >= 1),
    purpose                      TEXT,
    monthly_net_income_minor     BIGINT CHECK (monthly_net_income_minor >= 0),
    monthly_housing_cost_minor   BIGINT CHECK (monthly_housing_cost_minor >= 0),
    monthly_debt_payments_minor  BIGINT CHECK (monthly_debt_payments_minor >= 0),
    employment_status            TEXT CHECK (employment_status IN ('EMPLOYED', 'SELF_EMPLOYED', 'RETIRED', 'STUDENT', 'UNEMPLOYED')),
    months_employed              INTEGER CHECK (months_employed >= 0),
    disbursement_account         TEXT,
    created_at                   TIMESTAMPTZ NOT NULL,
    last_touched_at              TIMESTAMPTZ NOT NULL CHECK (last_touched_at >= created_at),
    created_by                   TEXT        NOT NULL,
    idempotency_key              TEXT        NOT NULL,
    -- set when a draft (or, later, an offer) expires: the state it expired from and the instant its lifetime ended
    expired_from                 TEXT CHECK (expired_from IN ('DRAFT', 'APPROVED')),
    expired_at                   TIMESTAMPTZ,
    CHECK ((status = 'EXPIRED') = (expired_from IS NOT NULL AND expired_at IS NOT NULL)),
    UNIQUE (created_by, idempotency_key)
);

CREATE INDEX loan_application_customer ON loan_application (customer_id, created_at);
