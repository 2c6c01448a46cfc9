-- Lending, issue 11: the customer accepts an offer, the loan is paid out, or the application is withdrawn.

-- An accepted or paid-out application keeps the offer's columns as they were when it was made. accept_key is the
-- accept call's idempotency key: a retry with it answers as the first call did (and finishes a payout a crash cut
-- short) without asking the customer again. The acceptance is recorded with the channel it was given through, who
-- gave it and when, like the consent to the credit check. loan_id names the loan in the loan book; the payout is
-- journal entry disbursement_entry_id.
ALTER TABLE loan_application
    ADD COLUMN accepted_at           TIMESTAMPTZ,
    ADD COLUMN accept_key            TEXT,
    ADD COLUMN acceptance_channel    TEXT,
    ADD COLUMN acceptance_given_by   TEXT,
    ADD COLUMN loan_id               TEXT,
    ADD COLUMN disbursement_entry_id BIGINT REFERENCES journal_entry (id),
    ADD COLUMN disbursed_at          TIMESTAMPTZ,
    ADD COLUMN withdrawn_from        TEXT CHECK (withdrawn_from IN ('DRAFT', 'SUBMITTED', 'REFERRED', 'APPROVED')),
    ADD COLUMN withdrawn_at          TIMESTAMPTZ;

ALTER TABLE loan_application
    ADD CONSTRAINT loan_application_accepted CHECK (
        (status NOT IN ('ACCEPTED', 'DISBURSED')
            OR (accepted_at IS NOT NULL AND accept_key IS NOT NULL AND acceptance_channel IS NOT NULL
                AND acceptance_given_by IS NOT NULL AND offer_amount_minor IS NOT NULL))
        AND ((status = 'DISBURSED') = (loan_id IS NOT NULL))
        AND ((loan_id IS NULL) = (disbursement_entry_id IS NULL))
        AND ((loan_id IS NULL) = (disbursed_at IS NULL))
        AND ((status = 'WITHDRAWN') = (withdrawn_from IS NOT NULL AND withdrawn_at IS NOT NULL)));

CREATE UNIQUE INDEX loan_application_loan ON loan_application (loan_id) WHERE loan_id IS NOT NULL;
-- The payout job's queue: accepted applications whose payout has not been recorded.
CREATE INDEX loan_application_accepted ON loan_application (accepted_at) WHERE status = 'ACCEPTED';
