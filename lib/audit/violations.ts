import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

// Violations raised while ingesting (secret exposure, shadow agents). Self-contained on
// purpose (the ingest path must not depend on the detection engine), but it writes the same
// shape lib/violations/raise.ts does: group key `${kind}:${agentId ?? agentSlug}`, the same
// advisory lock, hits within GROUP_WINDOW of an open violation of that group fold into it
// (count + n) and every hit links its audit event as evidence.

export const GROUP_WINDOW_MS = 60 * 60 * 1000;

export interface IngestHit {
  kind: "secret_exposure" | "shadow_agent";
  severity: "low" | "medium" | "high" | "critical";
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  eventSeq: number;
  details?: Record<string, unknown>;
}

function rows<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** One lock, one lookup, one write and one evidence insert per group; never per hit. */
export async function raiseIngestViolations(tx: Db, hits: IngestHit[]): Promise<void> {
  const groups = new Map<string, IngestHit[]>();
  for (const h of hits) {
    const key = `${h.kind}:${h.agentId ?? h.agentSlug ?? "unknown"}`;
    const list = groups.get(key);
    if (list) list.push(h);
    else groups.set(key, [h]);
  }
  const since = new Date(Date.now() - GROUP_WINDOW_MS).toISOString();
  for (const key of [...groups.keys()].sort()) {
    const list = groups.get(key)!;
    const top = list[0];
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${"violation:" + key}))`);
    const open = rows<{ id: string }>(
      await tx.execute(sql`SELECT id FROM violations WHERE group_key = ${key} AND status IN ('open','triaged')
        AND last_seen_at >= ${since}::timestamptz ORDER BY last_seen_at DESC LIMIT 1`),
    )[0];
    let id: string;
    if (open) {
      id = open.id;
      await tx.execute(sql`UPDATE violations SET count = count + ${list.length}, last_seen_at = now(), updated_at = now() WHERE id = ${id}`);
    } else {
      const created = rows<{ id: string }>(
        await tx.execute(sql`INSERT INTO violations (kind, severity, agent_id, agent_slug, title, explanation, group_key, count, details)
          VALUES (${top.kind}, ${top.severity}::violation_severity, ${top.agentId}, ${top.agentSlug}, ${top.title}, ${top.explanation},
            ${key}, ${list.length}, ${JSON.stringify(top.details ?? {})}::jsonb) RETURNING id`),
      );
      id = created[0].id;
    }
    const seqs = [...new Set(list.map((h) => h.eventSeq))];
    await tx.execute(sql`INSERT INTO violation_evidence (violation_id, event_seq)
      SELECT ${id}::uuid, s FROM unnest(${`{${seqs.join(",")}}`}::bigint[]) AS s ON CONFLICT DO NOTHING`);
  }
}
