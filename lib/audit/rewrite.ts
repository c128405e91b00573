import { sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";

/**
 * Runs `fn` in a transaction in which the audit tables' append-only triggers are disabled (demo
 * reset, tamper-simulation tests). ALTER TABLE … DISABLE TRIGGER needs the tables' owner or a
 * superuser: no session setting opens this (migration 0016). DDL is transactional, so the
 * triggers are back on at commit or rollback, and the ALTER's lock keeps other sessions out
 * meanwhile.
 */
export async function withAuditRewrite<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return transaction(db, async (tx) => {
    await tx.execute(sql`ALTER TABLE audit_events DISABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE audit_payload_chunks DISABLE TRIGGER USER`);
    const out = await fn(tx);
    await tx.execute(sql`ALTER TABLE audit_events ENABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE audit_checkpoints ENABLE TRIGGER USER`);
    await tx.execute(sql`ALTER TABLE audit_payload_chunks ENABLE TRIGGER USER`);
    return out;
  });
}
