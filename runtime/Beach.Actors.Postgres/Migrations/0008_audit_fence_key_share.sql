-- The audit fence as one plain statement under FOR KEY SHARE (AuditMembershipFence.Check), in place of calling
-- beach_audit_fence_silos (0007), a PL/pgSQL function that took FOR SHARE. Measured with pgbench on this project's
-- 2-core machine, one client, a batch's other statements alike: the function added 80-142 us of server CPU and
-- 94-151 us of latency per batch (batches of 1 to 6 rows); on a batch that only moves the chain head, the function
-- added 100 us of CPU, the same lookup as a plain statement under FOR SHARE 55 us, under FOR KEY SHARE 18 us.
-- 0007's functions stay for silos of the previous version during a rolling upgrade.
--
-- FOR KEY SHARE conflicts only with FOR UPDATE, DELETE and updates of key columns, so IAmAlive and every other
-- update of a membership row no longer waits for batches in flight. The fence needs the Dead write to wait for them,
-- though, and to be seen by a batch that waited for it: the trigger below makes every write of Dead (by any silo's
-- version, since it lives in the database) take FOR UPDATE on its row first. PostgreSQL then treats the update as a
-- key update: a fence that meets the row locked waits for the Dead write to end, and reads the row as it left it.

-- Raises the fence's refusal. Called from the fence statement only when it refuses, so a batch that may append never
-- enters PL/pgSQL. VOLATILE, so that the planner never evaluates it ahead of the CASE that guards it.
CREATE FUNCTION beach_audit_refuse(p_sqlstate text, p_message text) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION '%', p_message USING ERRCODE = p_sqlstate;
END
$$;

-- Before a membership row turns Dead: lock it FOR UPDATE, which waits for every batch that fenced on it and is still
-- in flight, and which every later fence waits for in turn.
CREATE FUNCTION beach_membership_dead_waits_for_fences() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM membership m
    WHERE m.cluster_id = OLD.cluster_id AND m.host = OLD.host AND m.port = OLD.port AND m.generation = OLD.generation
    FOR UPDATE;
    RETURN NEW;
END
$$;

CREATE TRIGGER membership_dead_waits_for_fences
    BEFORE UPDATE OF status ON membership
    FOR EACH ROW
    WHEN (NEW.status = 'Dead' AND OLD.status IS DISTINCT FROM 'Dead')
    EXECUTE FUNCTION beach_membership_dead_waits_for_fences();
