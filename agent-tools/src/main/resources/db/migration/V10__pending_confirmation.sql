-- Requests other than money movements (consent to a credit check, later an offer's acceptance or a new payee) that a
-- session could not put to its human. They wait here for ./bank approvals; the tool that asked is called again and
-- finds the decision by who asked and exactly what was asked (the fingerprint). Each decision answers one call only.
CREATE TABLE pending_confirmation (
    id           TEXT        PRIMARY KEY,
    principal    TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    fingerprint  TEXT        NOT NULL,
    description  TEXT        NOT NULL,
    status       TEXT        NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    channel      TEXT,
    answered_at  TIMESTAMPTZ,
    CHECK ((decided_by IS NULL) = (decided_at IS NULL)),
    CHECK ((status IN ('APPROVED', 'REJECTED')) = (decided_by IS NOT NULL))
);
-- At most one request per principal and question still waiting to answer its tool: a retry never adds a second.
CREATE UNIQUE INDEX pending_confirmation_unanswered ON pending_confirmation (principal, fingerprint) WHERE answered_at IS NULL;
CREATE INDEX pending_confirmation_open ON pending_confirmation (created_at) WHERE status IN ('PENDING', 'APPROVED');
