-- Decisions were stored twice (a decisions row and its audit event, in one transaction).
-- The audit event holds every field, so the decisions table becomes a view over it, and the
-- hot path writes one row per decision instead of two.
DROP TABLE "decisions" CASCADE;--> statement-breakpoint
CREATE VIEW "decisions" AS
SELECT e.decision_id AS id,
       e.agent_id,
       e.agent_slug,
       e.session_id,
       e.initiated_by,
       e.action_type,
       jsonb_strip_nulls(jsonb_build_object(
         'type', e.action_type, 'tool', e.tool, 'repository', e.repository, 'branch', e.branch,
         'environment', e.environment,
         'resource', CASE WHEN e.endpoint IS NULL OR e.payload ? 'endpoint' THEN e.resource END,
         'command', e.command, 'endpoint', e.endpoint)) AS action,
       e.decision::decision_value AS decision,
       coalesce(e.payload->>'reason', '') AS reason,
       e.rule_id,
       e.policy_version,
       e.payload->'dry_run' AS dry_run,
       e.approval_id,
       coalesce(e.payload->>'source', 'api') AS source,
       e.time AS created_at,
       e.seq AS event_seq
  FROM audit_events e
 WHERE e.type = 'decision' AND e.decision_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "audit_events_decision_id_idx" ON "audit_events" USING btree ("decision_id") WHERE "decision_id" IS NOT NULL;--> statement-breakpoint
-- One statement appends a batch to the hash chain: it moves the head only if it is where the
-- appender computed the hashes from (seq, hash and count all match), then inserts the rows,
-- the checkpoint the batch crossed (if any) and the agent sessions it touched. -1 = the head
-- had moved (nothing written; the appender locks the head, re-reads it and re-hashes).
-- A single statement is atomic on its own, so the hot path needs no BEGIN/COMMIT round trips,
-- and PL/pgSQL keeps the statements' plans across calls.
CREATE FUNCTION gatehouse_append_audit(
  p_head_seq bigint, p_head_hash text, p_head_count bigint,
  p_seq bigint, p_hash text, p_count bigint, p_signature text,
  p_rows json, p_checkpoint json, p_sessions json
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  UPDATE audit_chain_head
     SET seq = p_seq, hash = p_hash, count = p_count, signature = p_signature
   WHERE id = 1 AND seq = p_head_seq AND hash = p_head_hash AND count = p_head_count;
  IF NOT FOUND THEN
    RETURN -1;
  END IF;
  INSERT INTO audit_events SELECT * FROM json_populate_recordset(NULL::audit_events, p_rows);
  GET DIAGNOSTICS n = ROW_COUNT;
  IF p_checkpoint IS NOT NULL THEN
    INSERT INTO audit_checkpoints (seq, count, hash, signature)
    SELECT c.seq, c.count, c.hash, c.signature FROM json_populate_record(NULL::audit_checkpoints, p_checkpoint) c;
  END IF;
  IF p_sessions IS NOT NULL THEN
    INSERT INTO agent_sessions AS s (id, agent_id, agent_slug, initiated_by, started_at, last_event_at, ended_at, ended_reason)
    SELECT x.id, x.agent_id, x.agent_slug, x.initiated_by, x.at, x.at, CASE WHEN x.ended_reason IS NOT NULL THEN x.at END, x.ended_reason
      FROM json_to_recordset(p_sessions) AS x(id text, agent_id uuid, agent_slug text, initiated_by text, at timestamptz, ended_reason text)
    ON CONFLICT (id) DO UPDATE
       SET last_event_at = greatest(s.last_event_at, excluded.last_event_at),
           ended_at = coalesce(excluded.ended_at, s.ended_at),
           ended_reason = coalesce(excluded.ended_reason, s.ended_reason),
           initiated_by = coalesce(s.initiated_by, excluded.initiated_by);
  END IF;
  RETURN n;
END
$$;
