-- The audit writer's commit batch in one round trip. Before this function a batch took three (lock and read the heads,
-- insert, commit), and the tenant's chain-head row stayed locked across all of them; with several silos appending
-- for one tenant, their batches queued on that lock for most of each other's round trips. Now the fence, every
-- tenant's appends and the commit are one implicit transaction the server runs without waiting on the client, so the
-- chain head is locked only while the server works and the commit record is flushed.

-- Refuses the batch of a silo the cluster declared dead (or whose row is gone): takes a share lock on the silo's
-- membership row until the transaction ends, so the Dead write waits for the batch or the batch sees Dead. Raises
-- SQLSTATE BEA01 for a dead silo and BEA02 for a missing row, which aborts the whole batch.
CREATE FUNCTION beach_audit_fence(p_cluster text, p_host text, p_port integer, p_generation bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    found_status text;
BEGIN
    SELECT m.status INTO found_status FROM membership m
    WHERE m.cluster_id = p_cluster AND m.host = p_host AND m.port = p_port AND m.generation = p_generation
    FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'silo %:%@% has no membership row: it may not append to the audit log', p_host, p_port, p_generation
            USING ERRCODE = 'BEA02';
    ELSIF found_status = 'Dead' THEN
        RAISE EXCEPTION 'silo %:%@% is dead: it may not append to the audit log', p_host, p_port, p_generation
            USING ERRCODE = 'BEA01';
    END IF;
END
$$;

-- Appends one tenant's share of a batch, in queue order: element i of the arrays is append i. Each append gets the
-- next version of its stream, or is refused when its expected version (NULL: any) is not the stream's version at
-- that point, so of two appends at the same expected version the first wins. Accepted appends draw ascending seqs and
-- are chained from the tenant's head in AuditChain's encoding (as beach_audit_hash computes it; the tests verify the
-- chain record by record with AuditChain), inserted with one statement, and the head moves to the last of them.
--
-- Locks, held until the transaction ends, always in this order: the batch's stream advisory locks (key order), then
-- the tenant's chain-head row. A writer appending for several tenants calls this once per tenant in tenant order, so
-- two writers never wait for each other in a cycle. A writer that waited for the head reads what its predecessor
-- committed, and draws its seqs after it, so seq order is chain order.
--
-- Returns one row per append: its index (from 1); seq, version, previous hash and hash when accepted; the stream's
-- version at that point when refused (seq then NULL).
CREATE FUNCTION beach_audit_append(p_tenant text, p_streams text[], p_expected bigint[], p_kinds text[], p_actors text[],
                                   p_data text[], p_at timestamptz[])
RETURNS TABLE (idx integer, seq bigint, stream_version bigint, prev_hash bytea, hash bytea, current_version bigint)
LANGUAGE plpgsql
-- Left to choose, PostgreSQL plans the stream-heads query anew on every call (its custom plan looks cheaper for a
-- known array), which cost more than running it.
SET plan_cache_mode = force_generic_plan
AS $$
#variable_conflict use_column
DECLARE
    n integer := cardinality(p_streams);
    sequence_id regclass := pg_get_serial_sequence('audit_log', 'seq')::regclass;
    head_hash bytea;
    -- AuditChain's encoding as beach_audit_hash writes it, spelled out with built-in functions only: SQL functions
    -- called from PL/pgSQL are planned on every call. The fields every record of the call shares come first.
    b_tag bytea := convert_to('beach.audit.v1', 'UTF8');
    b_tenant bytea := convert_to(p_tenant, 'UTF8');
    prefix bytea := int4send(length(b_tag)) || b_tag || int4send(length(b_tenant)) || b_tenant;
    b_stream bytea;
    b_kind bytea;
    b_actor bytea;
    b_data bytea;
    heads_streams text[];
    heads_versions bigint[];
    at_stream integer;
    version bigint;
    drawn bigint;
    next_hash bytea;
    a_seqs bigint[] := '{}';
    a_streams text[] := '{}';
    a_versions bigint[] := '{}';
    a_kinds text[] := '{}';
    a_actors text[] := '{}';
    a_data text[] := '{}';
    a_at timestamptz[] := '{}';
    a_prev bytea[] := '{}';
    a_hash bytea[] := '{}';
BEGIN
    PERFORM set_config('beach.tenant', p_tenant, true);

    PERFORM pg_advisory_xact_lock(k)
    FROM (SELECT DISTINCT hashtextextended(p_tenant || chr(31) || s, 0) AS k FROM unnest(p_streams) AS s ORDER BY k) AS keys;

    -- The no-op update takes the row lock and returns the row whether it was just inserted or already there.
    INSERT INTO audit_chain_head AS h (tenant, seq, hash) VALUES (p_tenant, 0, decode(repeat('00', 32), 'hex'))
    ON CONFLICT (tenant) DO UPDATE SET seq = h.seq
    RETURNING h.hash INTO head_hash;

    SELECT array_agg(s), array_agg(COALESCE((SELECT a.stream_version FROM audit_log a
                                             WHERE a.tenant = p_tenant AND a.stream = s
                                             ORDER BY a.stream_version DESC LIMIT 1), 0))
    INTO heads_streams, heads_versions
    FROM (SELECT DISTINCT s FROM unnest(p_streams) AS s) AS streams;

    FOR i IN 1 .. n LOOP
        at_stream := array_position(heads_streams, p_streams[i]);
        version := heads_versions[at_stream];
        IF p_expected[i] IS NOT NULL AND p_expected[i] <> version THEN
            idx := i; seq := NULL; stream_version := NULL; prev_hash := NULL; hash := NULL; current_version := version;
            RETURN NEXT;
            CONTINUE;
        END IF;

        version := version + 1;
        heads_versions[at_stream] := version;
        drawn := nextval(sequence_id);
        b_stream := convert_to(p_streams[i], 'UTF8');
        b_kind := convert_to(p_kinds[i], 'UTF8');
        b_actor := convert_to(p_actors[i], 'UTF8');
        b_data := convert_to(p_data[i], 'UTF8');
        next_hash := sha256(prefix || int8send(drawn)
                            || int4send(length(b_stream)) || b_stream || int8send(version)
                            || int4send(length(b_kind)) || b_kind
                            || CASE WHEN b_actor IS NULL THEN '\xffffffff'::bytea ELSE int4send(length(b_actor)) || b_actor END
                            || int4send(length(b_data)) || b_data
                            || int8send(floor(extract(epoch FROM p_at[i]) * 1000)::bigint) || head_hash);
        a_seqs := array_append(a_seqs, drawn);
        a_streams := array_append(a_streams, p_streams[i]);
        a_versions := array_append(a_versions, version);
        a_kinds := array_append(a_kinds, p_kinds[i]);
        a_actors := array_append(a_actors, p_actors[i]);
        a_data := array_append(a_data, p_data[i]);
        a_at := array_append(a_at, p_at[i]);
        a_prev := array_append(a_prev, head_hash);
        a_hash := array_append(a_hash, next_hash);
        idx := i; seq := drawn; stream_version := version; prev_hash := head_hash; hash := next_hash; current_version := NULL;
        RETURN NEXT;
        head_hash := next_hash;
    END LOOP;

    IF cardinality(a_seqs) > 0 THEN
        INSERT INTO audit_log (seq, tenant, stream, stream_version, kind, actor, data, at, prev_hash, hash) OVERRIDING SYSTEM VALUE
        SELECT q, p_tenant, s, v, k, a, d::json, t, p, h
        FROM unnest(a_seqs, a_streams, a_versions, a_kinds, a_actors, a_data, a_at, a_prev, a_hash) AS x(q, s, v, k, a, d, t, p, h);

        UPDATE audit_chain_head SET seq = a_seqs[cardinality(a_seqs)], hash = head_hash WHERE tenant = p_tenant;
    END IF;
END
$$;
