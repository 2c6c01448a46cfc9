-- Lending, issue 11: underwriting decisions, offers, declines, referrals and the loan officer's decisions.

-- One underwriting decision per application, with everything needed to explain and replay it: the rules version,
-- every input (typed columns, amounts in minor units of currency; the verified income keeps its cents) and the outcome.
-- Each rule's result is a row of loan_decision_rule. decided_by is the actor whose call ran underwriting (the
-- customer or teller who submitted, or the retry job).
CREATE TABLE loan_decision (
    id                            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id                TEXT        NOT NULL UNIQUE REFERENCES loan_application (id),
    rules_version                 TEXT        NOT NULL,
    outcome                       TEXT        NOT NULL CHECK (outcome IN ('APPROVED', 'COUNTER_OFFER', 'REFERRED', 'DECLINED')),
    band                          TEXT CHECK (band IN ('A', 'B', 'C')),
    amount_minor                  BIGINT CHECK (amount_minor > 0),
    currency                      CHAR(3)     NOT NULL,
    product_code                  TEXT        NOT NULL,
    requested_amount_minor        BIGINT      NOT NULL CHECK (requested_amount_minor > 0),
    term_months                   INTEGER     NOT NULL CHECK (term_months >= 1),
    stated_monthly_net_income_minor BIGINT    NOT NULL CHECK (stated_monthly_net_income_minor >= 0),
    monthly_housing_cost_minor    BIGINT      NOT NULL CHECK (monthly_housing_cost_minor >= 0),
    monthly_other_debts_minor     BIGINT      NOT NULL CHECK (monthly_other_debts_minor >= 0),
    employment_status             TEXT        NOT NULL,
    months_employed               INTEGER     NOT NULL CHECK (months_employed >= 0),
    verified_monthly_income       NUMERIC NOT NULL CHECK (verified_monthly_income >= 0),
    credit_score                  INTEGER     NOT NULL CHECK (credit_score BETWEEN 300 AND 850),
    delinquencies                 INTEGER     NOT NULL CHECK (delinquencies >= 0),
    oldest_account_age_days       INTEGER     NOT NULL CHECK (oldest_account_age_days >= 0),
    bureau_reference              TEXT,
    decided_at                    TIMESTAMPTZ NOT NULL,
    decided_by                    TEXT        NOT NULL,
    CHECK ((outcome IN ('APPROVED', 'COUNTER_OFFER', 'REFERRED')) = (band IS NOT NULL)),
    CHECK ((outcome IN ('APPROVED', 'COUNTER_OFFER')) = (amount_minor IS NOT NULL))
);

-- Each rule's result in the order the rules recorded it; inputs is a JSON object of name to text, as the rule gave it.
CREATE TABLE loan_decision_rule (
    decision_id  BIGINT  NOT NULL REFERENCES loan_decision (id),
    position     INTEGER NOT NULL CHECK (position >= 0),
    code         TEXT    NOT NULL,
    version      TEXT    NOT NULL,
    verdict      TEXT    NOT NULL CHECK (verdict IN ('PASS', 'COUNTER_OFFER', 'REFER', 'DECLINE')),
    sentence     TEXT    NOT NULL,
    inputs       JSON    NOT NULL,
    PRIMARY KEY (decision_id, position)
);

-- Decisions are evidence: never edited or deleted.
CREATE TRIGGER loan_decision_append_only BEFORE UPDATE OR DELETE ON loan_decision
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER loan_decision_rule_append_only BEFORE UPDATE OR DELETE ON loan_decision_rule
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- What the application states need beyond the submission (rates as unconstrained NUMERIC, which keeps the scale
-- they were written with, so an offer reads back equal):
--   referred_at                     REFERRED (its decision is the loan_decision row)
--   offer_* and offered_at          APPROVED: every figure of the offer; it expires at offer_expires_at (14 days on)
--   decision_reasons                APPROVED (counter-offer reasons or the officer's reason), DECLINED (the reasons shown
--                                   to the customer, adverse-action style)
--   declined_at                     DECLINED
--   officer_*                       the loan officer's decision on a referral, who made it, when and why
--   underwriting_attempts and next_underwriting_at: a SUBMITTED application the bureau could not answer for waits
--   until then for the retry job, which backs off after each failed attempt.
ALTER TABLE loan_application
    ADD COLUMN referred_at                  TIMESTAMPTZ,
    ADD COLUMN offer_band                   TEXT CHECK (offer_band IN ('A', 'B', 'C')),
    ADD COLUMN offer_amount_minor           BIGINT CHECK (offer_amount_minor > 0),
    ADD COLUMN offer_term_months            INTEGER CHECK (offer_term_months >= 1),
    ADD COLUMN offer_nominal_rate_percent   NUMERIC,
    ADD COLUMN offer_fee_minor              BIGINT CHECK (offer_fee_minor >= 0),
    ADD COLUMN offer_installment_minor      BIGINT,
    ADD COLUMN offer_first_due_date         DATE,
    ADD COLUMN offer_total_interest_minor   BIGINT,
    ADD COLUMN offer_total_repayable_minor  BIGINT,
    ADD COLUMN offer_apr_percent            NUMERIC,
    ADD COLUMN offered_at                   TIMESTAMPTZ,
    ADD COLUMN offer_expires_at             TIMESTAMPTZ,
    ADD COLUMN decision_reasons             TEXT[],
    ADD COLUMN declined_at                  TIMESTAMPTZ,
    ADD COLUMN officer_decision             TEXT CHECK (officer_decision IN ('APPROVED', 'DECLINED')),
    ADD COLUMN officer_reason               TEXT,
    ADD COLUMN officer_decided_by           TEXT,
    ADD COLUMN officer_decided_at           TIMESTAMPTZ,
    ADD COLUMN underwriting_attempts        INTEGER NOT NULL DEFAULT 0 CHECK (underwriting_attempts >= 0),
    ADD COLUMN next_underwriting_at         TIMESTAMPTZ;

ALTER TABLE loan_application
    ADD CONSTRAINT loan_application_decided CHECK (
        (status <> 'REFERRED' OR referred_at IS NOT NULL)
        AND (status <> 'APPROVED' OR (offer_amount_minor IS NOT NULL AND offered_at IS NOT NULL
                                      AND offer_expires_at > offered_at AND decision_reasons IS NOT NULL))
        AND (status <> 'DECLINED' OR (declined_at IS NOT NULL AND cardinality(decision_reasons) > 0))
        AND ((officer_decision IS NULL) = (officer_reason IS NULL))
        AND ((officer_decision IS NULL) = (officer_decided_by IS NULL))
        AND ((officer_decision IS NULL) = (officer_decided_at IS NULL)));

-- The retry job's queue: submitted applications, by when they are due.
CREATE INDEX loan_application_underwriting ON loan_application (next_underwriting_at) WHERE status = 'SUBMITTED';
