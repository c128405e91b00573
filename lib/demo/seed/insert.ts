// Chunked writes and counts used by the demo generator.
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { INSERT_CHUNK } from "./constants";
import type { AgentRec } from "./types";

export async function insertMany<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][], chunk = INSERT_CHUNK) {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insert(table).values(rows.slice(i, i + chunk) as never);
  }
}

export async function count(db: Db, table: string): Promise<number> {
  const res = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return Number(res.rows[0].n);
}

/** Sets agents.last_seen_at for the agents that produced events. */
export async function updateLastSeen(db: Db, agents: AgentRec[]) {
  const seen = agents.filter((a) => a.lastSeen > 0);
  if (seen.length) {
    for (let i = 0; i < seen.length; i += INSERT_CHUNK) {
      const part = seen.slice(i, i + INSERT_CHUNK);
      await db.execute(
        sql`UPDATE agents SET last_seen_at = v.t FROM (VALUES ${sql.join(
          part.map((a) => sql`(${a.id}::uuid, ${new Date(a.lastSeen).toISOString()}::timestamptz)`),
          sql`, `,
        )}) AS v(id, t) WHERE agents.id = v.id`,
      );
    }
  }
}
