// What the fault tests assert against the database after the dust settles.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** How many audit rows each client id has: `missing` ids have none, `duplicated` more than one. */
export async function storedClientIds(db: Db, ids: Iterable<string>) {
  const list = [...ids];
  const counts = new Map<string, number>();
  // One JSON parameter per chunk: tens of thousands of ids stay far from the bind limit.
  for (let i = 0; i < list.length; i += 20_000) {
    const chunk = JSON.stringify(list.slice(i, i + 20_000));
    const rows = rowsOf<{ client_id: string; n: number | string }>(
      await db.execute(
        sql`SELECT client_id, count(*) AS n FROM audit_events WHERE client_id IN (SELECT jsonb_array_elements_text(${chunk}::jsonb)) GROUP BY client_id`,
      ),
    );
    for (const r of rows) counts.set(r.client_id, Number(r.n));
  }
  return {
    missing: list.filter((id) => !counts.has(id)),
    duplicated: [...counts].filter(([, n]) => n > 1).map(([id]) => id),
    stored: counts.size,
  };
}

/** Decision ids (from answers) that have no decision row and no audit event. */
export async function unrecordedDecisions(db: Db, ids: string[]) {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 20_000) {
    const chunk = JSON.stringify(ids.slice(i, i + 20_000));
    const rows = rowsOf<{ id: string }>(
      await db.execute(
        sql`SELECT d.id::text AS id FROM decisions d JOIN audit_events e ON e.decision_id = d.id
            WHERE d.id IN (SELECT jsonb_array_elements_text(${chunk}::jsonb)::uuid)`,
      ),
    );
    for (const r of rows) found.add(r.id);
  }
  return ids.filter((id) => !found.has(id));
}

/** Total duplicated client ids in the whole table (should always be none). */
export async function duplicateClientIds(db: Db): Promise<number> {
  const rows = rowsOf<{ n: number | string }>(
    await db.execute(sql`SELECT count(*) AS n FROM (SELECT client_id FROM audit_events WHERE client_id IS NOT NULL GROUP BY client_id HAVING count(*) > 1) d`),
  );
  return Number(rows[0]?.n ?? 0);
}
