-- Durable reminders: one row per (grain, name). grain_hash is the grain id's uniform hash (0 .. 2^32-1) as bigint, so
-- a silo reads the reminders of the ring ranges it owns with an index range scan. etag is drawn from the
-- reminder_etag sequence, which only grows, so a removed and re-registered reminder never reuses an ETag.
CREATE SEQUENCE reminder_etag AS bigint;

CREATE TABLE reminders (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    name       text        NOT NULL,
    tenant     text        NOT NULL,
    grain_hash bigint      NOT NULL CHECK (grain_hash BETWEEN 0 AND 4294967295),
    start_at   timestamptz NOT NULL,
    period_ms  bigint      NOT NULL,
    etag       bigint      NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);

CREATE INDEX reminders_grain_hash ON reminders (grain_hash);

ALTER TABLE reminders ENABLE ROW LEVEL SECURITY;
ALTER TABLE reminders FORCE ROW LEVEL SECURITY;
CREATE POLICY reminders_tenant_isolation ON reminders
    USING (tenant = current_setting('beach.tenant', true) OR current_setting('beach.tenant', true) = '*');
