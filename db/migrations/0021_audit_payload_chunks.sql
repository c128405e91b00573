CREATE TABLE "audit_payload_chunks" (
	"digest" text NOT NULL,
	"part" integer NOT NULL,
	"data" text NOT NULL,
	CONSTRAINT "audit_payload_chunks_digest_part_pk" PRIMARY KEY("digest","part")
);
--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "payload_sha256" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "payload_bytes" bigint;--> statement-breakpoint
-- Large payloads' chunks are part of the audit trail: append-only like audit_events (migration
-- 0016). Re-inserting a part that exists (a retried write of the same content) is ON CONFLICT DO
-- NOTHING, which no trigger refuses; UPDATE, DELETE and TRUNCATE raise.
CREATE TRIGGER audit_payload_chunks_append_only BEFORE UPDATE OR DELETE ON audit_payload_chunks
  FOR EACH ROW EXECUTE FUNCTION gatehouse_audit_append_only();--> statement-breakpoint
CREATE TRIGGER audit_payload_chunks_no_truncate BEFORE TRUNCATE ON audit_payload_chunks
  FOR EACH STATEMENT EXECUTE FUNCTION gatehouse_audit_append_only();
--> statement-breakpoint
-- A referenced payload as jsonb (the readers, lib/audit/payload-store.ts): its chunks joined in
-- order and parsed, so a reader gets the value exactly as a jsonb column returns it. Chunks that
-- no longer parse (tampered, missing) read as NULL: `audit verify` reports them.
CREATE FUNCTION gatehouse_audit_payload(p_digest text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT string_agg(c.data, '' ORDER BY c.part)::jsonb FROM audit_payload_chunks c WHERE c.digest = p_digest);
EXCEPTION WHEN invalid_text_representation THEN
  RETURN NULL;
END
$$;
