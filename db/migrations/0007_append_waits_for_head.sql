-- gatehouse_append_audit takes the chain head's row lock before checking the head (see below).
CREATE OR REPLACE FUNCTION gatehouse_append_audit(
  p_head_seq bigint, p_head_hash text, p_head_count bigint,
  p_seq bigint, p_hash text, p_count bigint, p_signature text,
  p_rows json, p_checkpoint json, p_sessions json
) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  n integer;
BEGIN
  -- Wait for an appender that holds the head (its batch not yet committed). Without the lock
  -- first, the UPDATE below judged the head by the snapshot taken before that commit, found
  -- the old head, and failed at once: every pipelined append fell back to lock and re-hash.
  -- After the lock, the UPDATE (a new statement, a new snapshot) sees the committed head.
  PERFORM 1 FROM audit_chain_head WHERE id = 1 FOR UPDATE;
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
