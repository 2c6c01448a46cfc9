-- Lending, issue 11: submitting an application with the customer's consent to a credit check.

-- The consent is asked outside the model (an MCP elicitation form or the chat terminal) and recorded with the channel
-- it was given through, who gave it and when. submit_key is the submit call's idempotency key: a retried submit with
-- the same key answers as the first did and does not ask the customer again.
ALTER TABLE loan_application
    ADD COLUMN submitted_at     TIMESTAMPTZ,
    ADD COLUMN consent_channel  TEXT,
    ADD COLUMN consent_given_by TEXT,
    ADD COLUMN consent_at       TIMESTAMPTZ,
    ADD COLUMN submit_key       TEXT;

-- Every state past the draft (and not withdrawn or expired from a draft) was submitted with consent; a draft was not.
ALTER TABLE loan_application
    ADD CONSTRAINT loan_application_submission CHECK (
        (submitted_at IS NULL) = (consent_channel IS NULL)
        AND (submitted_at IS NULL) = (consent_given_by IS NULL)
        AND (submitted_at IS NULL) = (consent_at IS NULL)
        AND (status <> 'DRAFT' OR submitted_at IS NULL)
        AND (status NOT IN ('SUBMITTED', 'REFERRED', 'APPROVED', 'DECLINED', 'ACCEPTED', 'DISBURSED')
             OR submitted_at IS NOT NULL));
