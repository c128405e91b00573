// kpi_daily maintenance. Each change-, defect- or gate-run write recomputes the UTC days it
// touches (delete + re-aggregate those days for every cohort), so the KPI page reads small
// precomputed rows instead of scanning changes/gate runs. `rebuildKpiRollups` recomputes all.
//
// Metrics (numerator / denominator per day and cohort):
//   adoption   agent-authored changes / changes, by the change's creation day
//   cfr        merged changes with an escaped defect / merged changes, by merge day
//   der        escaped (post-merge) defects / defects, by the introducing change's merge
//              (or creation) day — "defects found for the changes in the window"
//   gate:<g>   passed runs / runs with a verdict (passed, failed, overridden), by run day
import { sql, type SQL } from "drizzle-orm";
import { type Db, transaction } from "@/db/client";

export const COHORT_KINDS = ["all", "author_kind", "agent", "team", "repository"] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

const utcDay = (col: SQL) => sql`((${col}) AT TIME ZONE 'UTC')::date`;

// The cohorts one change belongs to; a null key (no agent / no team) is skipped.
const CHANGE_COHORTS = sql`(VALUES ('all', 'all'), ('author_kind', c.author_kind::text), ('agent', coalesce(a.slug, c.agent_label)), ('team', t.slug), ('repository', c.repository)) AS ck(kind, key)`;
const CHANGE_JOINS = sql`LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN teams t ON t.id = c.team_id`;

// Day filters are written as half-open timestamp ranges on the raw columns (not on a
// ::date expression) so that the indexes on created_at / merged_at / finished_at apply: an
// incremental recompute then touches one day's rows instead of scanning every table.
function inDays(col: SQL, days: string[] | null): SQL {
  if (days === null) return sql`true`;
  return sql`(${sql.join(
    days.map((d) => sql`(${col} >= (${d}::date)::timestamp AT TIME ZONE 'UTC' AND ${col} < (${d}::date + 1)::timestamp AT TIME ZONE 'UTC')`),
    sql` OR `,
  )})`;
}

async function insertDays(tx: Db, days: string[] | null) {
  const created = utcDay(sql`c.created_at`);
  await tx.execute(sql`
    INSERT INTO kpi_daily (day, cohort_kind, cohort_key, metric, numerator, denominator)
    SELECT ${created}, ck.kind, ck.key, 'adoption', count(*) FILTER (WHERE c.author_kind = 'agent'), count(*)
    FROM changes c ${CHANGE_JOINS} CROSS JOIN LATERAL ${CHANGE_COHORTS}
    WHERE ck.key IS NOT NULL AND ${inDays(sql`c.created_at`, days)}
    GROUP BY 1, 2, 3`);
  const merged = utcDay(sql`c.merged_at`);
  await tx.execute(sql`
    INSERT INTO kpi_daily (day, cohort_kind, cohort_key, metric, numerator, denominator)
    SELECT ${merged}, ck.kind, ck.key, 'cfr',
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM defects d WHERE d.introduced_change_id = c.id AND d.found = 'post_merge')),
      count(*)
    FROM changes c ${CHANGE_JOINS} CROSS JOIN LATERAL ${CHANGE_COHORTS}
    WHERE c.state = 'merged' AND c.merged_at IS NOT NULL AND ck.key IS NOT NULL AND ${inDays(sql`c.merged_at`, days)}
    GROUP BY 1, 2, 3`);
  const ref = utcDay(sql`coalesce(c.merged_at, c.created_at)`);
  await tx.execute(sql`
    INSERT INTO kpi_daily (day, cohort_kind, cohort_key, metric, numerator, denominator)
    SELECT ${ref}, ck.kind, ck.key, 'der', count(*) FILTER (WHERE d.found = 'post_merge'), count(*)
    FROM defects d JOIN changes c ON c.id = d.introduced_change_id ${CHANGE_JOINS} CROSS JOIN LATERAL ${CHANGE_COHORTS}
    WHERE ck.key IS NOT NULL
      AND (${inDays(sql`c.merged_at`, days)} OR (c.merged_at IS NULL AND ${inDays(sql`c.created_at`, days)}))
    GROUP BY 1, 2, 3`);
  const run = utcDay(sql`coalesce(g.finished_at, g.created_at)`);
  await tx.execute(sql`
    INSERT INTO kpi_daily (day, cohort_kind, cohort_key, metric, numerator, denominator)
    SELECT ${run}, ck.kind, ck.key, 'gate:' || g.gate,
      count(*) FILTER (WHERE g.status = 'passed'), count(*)
    FROM gate_runs g LEFT JOIN changes c ON c.id = g.change_id ${CHANGE_JOINS}
    CROSS JOIN LATERAL (VALUES ('all', 'all'), ('author_kind', c.author_kind::text), ('agent', coalesce(a.slug, c.agent_label)), ('team', t.slug), ('repository', g.repository)) AS ck(kind, key)
    WHERE g.status IN ('passed', 'failed', 'overridden') AND ck.key IS NOT NULL
      AND (${inDays(sql`g.finished_at`, days)} OR (g.finished_at IS NULL AND ${inDays(sql`g.created_at`, days)}))
    GROUP BY 1, 2, 3, 4`);
}

/** Recomputes every metric of the given UTC days ("YYYY-MM-DD"). Run inside the writer's transaction. */
export async function recomputeKpiDays(tx: Db, days: Iterable<string | Date | null | undefined>) {
  const set = new Set<string>();
  for (const d of days) {
    if (!d) continue;
    set.add(typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));
  }
  if (set.size === 0) return;
  const sorted = [...set].sort();
  // one writer per day at a time (instances sharing PostgreSQL); sorted to avoid deadlocks
  for (const d of sorted) await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${"kpi:" + d}))`);
  await tx.execute(
    sql`DELETE FROM kpi_daily WHERE day IN (${sql.join(
      sorted.map((d) => sql`${d}::date`),
      sql`, `,
    )})`,
  );
  await insertDays(tx, sorted);
}

/** Recomputes all rollups from scratch (after a seed, an import, or on first start). */
export async function rebuildKpiRollups(db: Db) {
  await transaction(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('kpi:rebuild'))`);
    await tx.execute(sql`DELETE FROM kpi_daily`);
    await insertDays(tx, null);
  });
  // fresh planner statistics: the embedded engine has no autovacuum to gather them
  await db.execute(sql`ANALYZE kpi_daily`);
}

/** The days a change contributes to (creation and merge), for recompute after it changes. */
export function changeDays(c: { createdAt?: Date | null; mergedAt?: Date | null }): (Date | null | undefined)[] {
  return [c.createdAt, c.mergedAt];
}
