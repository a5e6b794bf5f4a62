-- Durable reminders: one row per (grain, name). grain_hash is the grain id's uniform hash (0 .. 2^32-1), so a silo
-- reads the reminders of the ring ranges it owns with an index range scan. etag is a version drawn from
-- reminder_version, which only grows, so a removed and re-registered reminder never reuses an ETag.
CREATE TABLE reminders (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    grain_hash INTEGER NOT NULL,
    start_at   INTEGER NOT NULL, -- unix milliseconds, UTC
    period_ms  INTEGER NOT NULL,
    etag       INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
) WITHOUT ROWID;

CREATE INDEX reminders_grain_hash ON reminders (grain_hash);

CREATE TABLE reminder_version (
    id    INTEGER PRIMARY KEY CHECK (id = 0),
    value INTEGER NOT NULL
);

INSERT INTO reminder_version (id, value) VALUES (0, 0);
