-- One fence per commit batch, for every silo the batch's appends came from. Before this function a batch called
-- beach_audit_fence once per origin silo: with three silos sending their appends to one tenant's audit home, about
-- two calls per batch, each a statement of its own. beach_audit_fence stays for silos of the previous version during
-- a rolling upgrade.
--
-- Takes a share lock on the membership row of each silo in the arrays (element i of the three arrays is silo i; a
-- silo named twice counts once), in one order whoever fences, until the transaction ends, so a Dead write waits for
-- the batch or the batch sees Dead. Raises SQLSTATE BEA01 when one of them is dead and BEA02 when one has no row,
-- which aborts the whole batch; the writer then fences each origin's appends on their own to learn which silo it was.
CREATE FUNCTION beach_audit_fence_silos(p_cluster text, p_hosts text[], p_ports integer[], p_generations bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    silo record;
    found_rows integer := 0;
    wanted integer := (SELECT count(DISTINCT (x.host, x.port, x.generation))
                       FROM unnest(p_hosts, p_ports, p_generations) AS x(host, port, generation));
BEGIN
    FOR silo IN
        SELECT m.host, m.port, m.generation, m.status FROM membership m
        WHERE m.cluster_id = p_cluster
          AND (m.host, m.port, m.generation) IN (SELECT * FROM unnest(p_hosts, p_ports, p_generations))
        ORDER BY m.host, m.port, m.generation
        FOR SHARE
    LOOP
        IF silo.status = 'Dead' THEN
            RAISE EXCEPTION 'silo %:%@% is dead: it may not append to the audit log', silo.host, silo.port, silo.generation
                USING ERRCODE = 'BEA01';
        END IF;
        found_rows := found_rows + 1;
    END LOOP;

    IF found_rows < wanted THEN
        RAISE EXCEPTION 'of silos %, % have no membership row: they may not append to the audit log',
            array_to_string(p_hosts, ','), wanted - found_rows
            USING ERRCODE = 'BEA02';
    END IF;
END
$$;
