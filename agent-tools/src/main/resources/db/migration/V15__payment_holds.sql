-- Held payments, issue 13: fraud screening holds a payment before its money leaves; an analyst releases or returns it.

-- PAYMENT_HELD: the payer debited and CLEARING credited, for payees here and elsewhere alike; then either
-- PAYMENT_RELEASED (CLEARING to the payee at this bank), PAYMENT_OUT's usual end once released to another bank
-- (PAYMENT_SETTLED or PAYMENT_RETURNED), or PAYMENT_RETURNED (CLEARING back to the payer).
ALTER TABLE journal_entry DROP CONSTRAINT journal_entry_kind_check;
ALTER TABLE journal_entry ADD CONSTRAINT journal_entry_kind_check
    CHECK (kind IN ('DEPOSIT', 'WITHDRAWAL', 'TRANSFER', 'REVERSAL', 'OPENING', 'DISBURSEMENT', 'LOAN_REPAYMENT',
                    'PAYMENT', 'PAYMENT_OUT', 'PAYMENT_SETTLED', 'PAYMENT_RETURNED', 'PAYMENT_HELD', 'PAYMENT_RELEASED'));

-- HELD: the money sits in clearing, neither sent nor credited, until one decision (by whom, when, why) ends the hold.
ALTER TABLE payment ADD COLUMN held_at         TIMESTAMPTZ;
ALTER TABLE payment ADD COLUMN hold_decided_by TEXT;
ALTER TABLE payment ADD COLUMN hold_decided_at TIMESTAMPTZ;
ALTER TABLE payment ADD COLUMN hold_reason     TEXT;
ALTER TABLE payment DROP CONSTRAINT payment_status_check;
ALTER TABLE payment ADD CONSTRAINT payment_status_check CHECK (status IN ('PENDING', 'HELD', 'SETTLED', 'RETURNED'));
ALTER TABLE payment DROP CONSTRAINT payment_finished;
ALTER TABLE payment ADD CONSTRAINT payment_finished CHECK ((status IN ('PENDING', 'HELD')) = (finished_at IS NULL));
-- a payment to this bank is never pending at a provider; held, it may end returned
ALTER TABLE payment DROP CONSTRAINT payment_internal_settled;
ALTER TABLE payment ADD CONSTRAINT payment_internal_not_pending CHECK (kind = 'EXTERNAL' OR status <> 'PENDING');
ALTER TABLE payment ADD CONSTRAINT payment_held_at CHECK (status <> 'HELD' OR held_at IS NOT NULL);
ALTER TABLE payment ADD CONSTRAINT payment_hold_decided
    CHECK ((hold_decided_by IS NULL) = (hold_decided_at IS NULL) AND (hold_decided_by IS NULL OR held_at IS NOT NULL));
CREATE INDEX payment_held ON payment (held_at) WHERE status = 'HELD';
