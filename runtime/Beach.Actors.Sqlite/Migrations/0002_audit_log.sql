-- The append-only audit log. seq orders every record of the database; stream_version numbers a stream's records
-- from 1 without gaps. prev_hash and hash are reserved for the per-tenant hash chain and stay NULL until it exists.
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant         TEXT    NOT NULL,
    stream         TEXT    NOT NULL,
    stream_version INTEGER NOT NULL,
    kind           TEXT    NOT NULL,
    actor          TEXT,
    data           TEXT    NOT NULL,
    at             INTEGER NOT NULL, -- unix milliseconds, UTC
    prev_hash      BLOB,
    hash           BLOB,
    UNIQUE (tenant, stream, stream_version)
);

CREATE INDEX audit_log_tenant_stream_seq ON audit_log (tenant, stream, seq);

CREATE INDEX audit_log_tenant_seq ON audit_log (tenant, seq);
