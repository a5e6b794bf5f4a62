-- The append-only audit log. seq orders every record of the database; stream_version numbers a stream's records
-- from 1 without gaps. data is json (not jsonb) so a record reads back exactly as it was written. prev_hash and hash
-- are reserved for the per-tenant hash chain and stay NULL until it exists.
CREATE TABLE audit_log (
    seq            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant         text        NOT NULL,
    stream         text        NOT NULL,
    stream_version bigint      NOT NULL,
    kind           text        NOT NULL,
    actor          text,
    data           json        NOT NULL,
    at             timestamptz NOT NULL,
    prev_hash      bytea,
    hash           bytea,
    UNIQUE (tenant, stream, stream_version)
);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_log_tenant_isolation ON audit_log
    USING (tenant = current_setting('beach.tenant', true) OR current_setting('beach.tenant', true) = '*');
