-- The append-only trigger no longer has an opt-in: any session could SET
-- gatehouse.allow_audit_rewrite = on (a custom setting needs no privilege) and then UPDATE,
-- DELETE or TRUNCATE the audit trail. Rewriting now needs the right to disable the triggers
-- (ALTER TABLE … DISABLE TRIGGER: the tables' owner or a superuser), which the demo reset and
-- the tamper tests use (lib/audit/rewrite.ts). Run the application as a role that does not own
-- the audit tables to take that right from it too (SECURITY.md).
CREATE OR REPLACE FUNCTION gatehouse_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit trail is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
