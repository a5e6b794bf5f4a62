-- Grain state: opaque bytes per (grain type, grain key, state name), guarded by an ETag.
-- etag is a version drawn from grain_state_version, which only grows, so an ETag is never reused for a grain even
-- after its state was cleared and written again.
CREATE TABLE grain_state (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    etag       INTEGER NOT NULL,
    payload    BLOB    NOT NULL,
    updated_at INTEGER NOT NULL, -- unix milliseconds
    PRIMARY KEY (grain_type, grain_key, state_name)
) WITHOUT ROWID;

CREATE TABLE grain_state_version (
    id    INTEGER PRIMARY KEY CHECK (id = 0),
    value INTEGER NOT NULL
);

INSERT INTO grain_state_version (id, value) VALUES (0, 0);
