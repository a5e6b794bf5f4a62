-- The per-tenant hash chain (Beach.Actors.Audit.AuditChain) fills the reserved prev_hash and hash columns. A tenant's
-- chain runs in seq order, so (tenant, seq) finds a tenant's chain head in one seek and serves the tenant-wide audit
-- query. Rows written before this migration have no hash: SQLite has no SHA-256 in SQL, so AuditChainBackfill chains
-- them, in seq order per tenant from the genesis hash, when the database is opened; the partial index lists exactly
-- those rows and stays empty (and costs nothing to write) afterwards.
CREATE INDEX IF NOT EXISTS audit_log_tenant_seq ON audit_log (tenant, seq);

CREATE INDEX IF NOT EXISTS audit_log_unchained ON audit_log (tenant, seq) WHERE hash IS NULL;
