-- The per-tenant hash chain (Beach.Actors.Audit.AuditChain documents the encoding) fills the reserved prev_hash and
-- hash columns. Several silos append for one tenant at once, so the chain's head lives in one row per tenant that
-- every commit batch locks (INSERT ... ON CONFLICT DO UPDATE) before it reads stream heads and draws its seqs: a
-- tenant's batches chain one after another, and each draws its seqs after the previous one committed, so seq order
-- is chain order. seq is the newest chained record's seq, hash its hash (genesis, 32 zero bytes, for a tenant with
-- none yet).
CREATE TABLE audit_chain_head (
    tenant text   PRIMARY KEY,
    seq    bigint NOT NULL,
    hash   bytea  NOT NULL
);

ALTER TABLE audit_chain_head ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_head FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_head_tenant_isolation ON audit_chain_head
    USING (tenant = current_setting('beach.tenant', true) OR current_setting('beach.tenant', true) = '*');

-- A tenant's records in chain order: the tenant-wide audit query walks it from a cursor.
CREATE INDEX audit_log_tenant_seq ON audit_log (tenant, seq);

-- The encoding of AuditChain in SQL, for rows written before the chain existed: a text is its UTF-8 byte count as
-- 4 bytes big-endian and the bytes (NULL is ffffffff), integers 8 bytes big-endian, at in unix milliseconds.
CREATE FUNCTION beach_audit_text(value text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL THEN '\xffffffff'::bytea
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
$$;

CREATE FUNCTION beach_audit_hash(tenant text, seq bigint, stream text, stream_version bigint, kind text, actor text,
                                 data text, at timestamptz, prev_hash bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT sha256(beach_audit_text('beach.audit.v1') || beach_audit_text(tenant) || int8send(seq)
                  || beach_audit_text(stream) || int8send(stream_version) || beach_audit_text(kind)
                  || beach_audit_text(actor) || beach_audit_text(data)
                  || int8send(floor(extract(epoch FROM at) * 1000)::bigint) || prev_hash)
$$;

-- Chains every row without a hash, in seq order per tenant, from the tenant's newest chained row before it or from
-- genesis, and moves each tenant's head row up to its newest chained row. Rerunning it changes nothing.
CREATE FUNCTION beach_audit_chain_backfill() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    r record;
    prev bytea;
    chain_tenant text := NULL;
    chained bigint := 0;
BEGIN
    PERFORM set_config('beach.tenant', '*', true);
    FOR r IN SELECT a.seq, a.tenant, a.stream, a.stream_version, a.kind, a.actor, a.data::text AS data, a.at
             FROM audit_log a WHERE a.hash IS NULL ORDER BY a.tenant, a.seq LOOP
        IF chain_tenant IS DISTINCT FROM r.tenant THEN
            chain_tenant := r.tenant;
            prev := (SELECT a.hash FROM audit_log a
                     WHERE a.tenant = r.tenant AND a.seq < r.seq AND a.hash IS NOT NULL ORDER BY a.seq DESC LIMIT 1);
            prev := COALESCE(prev, decode(repeat('00', 32), 'hex'));
        END IF;
        UPDATE audit_log a
        SET prev_hash = prev,
            hash = beach_audit_hash(r.tenant, r.seq, r.stream, r.stream_version, r.kind, r.actor, r.data, r.at, prev)
        WHERE a.seq = r.seq
        RETURNING a.hash INTO prev;
        chained := chained + 1;
    END LOOP;

    INSERT INTO audit_chain_head AS h (tenant, seq, hash)
    SELECT DISTINCT ON (a.tenant) a.tenant, a.seq, a.hash FROM audit_log a WHERE a.hash IS NOT NULL ORDER BY a.tenant, a.seq DESC
    ON CONFLICT (tenant) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash WHERE h.seq < EXCLUDED.seq;
    RETURN chained;
END
$$;

SELECT beach_audit_chain_backfill();
