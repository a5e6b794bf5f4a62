-- Every index is one more B-tree page written and synced per commit. Within a stream seq and stream_version rise
-- together, so the unique (tenant, stream, stream_version) index orders a stream's records by seq as well, and
-- (tenant, stream, seq) only doubled it. (tenant, seq) served no query yet; the tenant-wide audit query that
-- needs it will bring the index it needs.
DROP INDEX IF EXISTS audit_log_tenant_stream_seq;
DROP INDEX IF EXISTS audit_log_tenant_seq;
