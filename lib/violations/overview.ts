import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { SEVERITIES, type Severity } from "./types";

function rows<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** Open (open + triaged) violations per severity. */
export async function countOpenBySeverity(db: Db): Promise<Record<Severity, number>> {
  const r = rows<{ severity: Severity; n: number }>(
    await db.execute(sql`SELECT severity::text AS severity, count(*)::int AS n FROM violations WHERE status IN ('open','triaged') GROUP BY severity`),
  );
  const out = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const x of r) out[x.severity] = Number(x.n);
  return out;
}

/**
 * Agents with the most violation occurrences (sum of counts) seen in the last 7 days. Agents
 * only: a registered agent, or an unregistered one caught as a shadow agent — not the people
 * whose merges raised gate overrides (a human login such as "bcarter" is no agent).
 */
export async function topViolatingAgents(db: Db, limit = 5) {
  return rows<{ agent_id: string | null; slug: string; violations: number; occurrences: number; critical: number }>(
    await db.execute(sql`
      SELECT v.agent_id, coalesce(a.slug, v.agent_slug, 'unknown') AS slug,
             count(*)::int AS violations, sum(v.count)::int AS occurrences,
             count(*) FILTER (WHERE v.severity = 'critical')::int AS critical
      FROM violations v LEFT JOIN agents a ON a.id = v.agent_id
      WHERE v.last_seen_at >= now() - interval '7 days' AND (v.agent_id IS NOT NULL OR v.kind = 'shadow_agent')
      GROUP BY v.agent_id, coalesce(a.slug, v.agent_slug, 'unknown')
      ORDER BY occurrences DESC, violations DESC, slug
      LIMIT ${limit}`),
  ).map((r) => ({ agentId: r.agent_id, slug: r.slug, violations: Number(r.violations), occurrences: Number(r.occurrences), critical: Number(r.critical) }));
}
