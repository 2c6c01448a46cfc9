-- A NOTIFY in every posting transaction takes PostgreSQL's one notification-queue lock at commit, so all posting
-- commits queued on it (measured: ledger 937 -> 717 transfers/s). Consumers poll the stream every 200 ms instead.
DROP TRIGGER bank_event_notify ON bank_event;
DROP FUNCTION bank_event_notify();
