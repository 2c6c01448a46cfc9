-- Credit reports the bank's demo, its tests or an operator pinned (SandboxProvider.setCreditProfile and
-- setNoCreditFile, POST /sandbox/credit-profiles). GET /v1/credit-reports/{customer_id} reads this table first;
-- a customer without a row gets the report derived from a SHA-256 of "credit:" and the id (see the contract's
-- CreditReport schema). A row without a score means "no credit file": the endpoint answers 404.
CREATE TABLE provider_sandbox.credit_profile (
    customer_id   BIGINT      PRIMARY KEY CHECK (customer_id > 0),
    score         INTEGER     CHECK (score BETWEEN 300 AND 850),
    delinquencies INTEGER     CHECK (delinquencies >= 0),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((score IS NULL) = (delinquencies IS NULL))
);
