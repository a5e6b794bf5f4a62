-- Grain state: a JSON document per (grain type, grain key, state name), guarded by an ETag. etag is drawn from the
-- grain_state_etag sequence, which only grows, so an ETag is never reused for a grain even after its state was
-- cleared and written again. tenant is the part of the grain key before its first '/' ('' when there is none).
CREATE SEQUENCE grain_state_etag AS bigint;

CREATE TABLE grain_state (
    grain_type text        NOT NULL,
    grain_key  text        NOT NULL,
    state_name text        NOT NULL,
    tenant     text        NOT NULL,
    etag       bigint      NOT NULL,
    payload    jsonb       NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (grain_type, grain_key, state_name)
);

-- FORCE: the policy binds the table's owner too (the role the silos connect as); superusers bypass it regardless.
ALTER TABLE grain_state ENABLE ROW LEVEL SECURITY;
ALTER TABLE grain_state FORCE ROW LEVEL SECURITY;
CREATE POLICY grain_state_tenant_isolation ON grain_state
    USING (tenant = current_setting('beach.tenant', true) OR current_setting('beach.tenant', true) = '*');
