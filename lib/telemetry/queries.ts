import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Read side of the cost views: everything comes from the hourly buckets (small), joined to
 * agents, teams, changes and defects. "Cost per merged change" divides a cohort's spend in the
 * window by the changes of that cohort merged in the window; "per escaped defect" by the
 * post-merge defects detected in the window whose introducing change belongs to the cohort.
 */

type Rows<T> = { rows: T[] };
const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

export interface CostRow {
  key: string;
  label: string;
  team: string | null;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  cacheTokens: number;
  sessions: number;
  activeHours: number;
  linesAdded: number;
  linesRemoved: number;
  merged: number;
  escaped: number;
  costPerMerged: number | null;
  costPerEscaped: number | null;
}

export interface DailyCost {
  day: string;
  costUsd: number;
  tokens: number;
}

export interface CostSummary {
  from: string;
  to: string;
  totalUsd: number;
  daily: DailyCost[];
  byAgent: CostRow[];
  byTeam: CostRow[];
  byModel: CostRow[];
  /** agent vs human: spend of agents vs spend of sessions attached to human-authored changes */
  byAuthorKind: CostRow[];
}

const KINDS = sql`sum(b.value) FILTER (WHERE b.kind = 'cost_usd')::float8 AS cost,
  sum(b.value) FILTER (WHERE b.kind = 'tokens.input')::float8 AS input,
  sum(b.value) FILTER (WHERE b.kind = 'tokens.output')::float8 AS output,
  sum(b.value) FILTER (WHERE b.kind IN ('tokens.cache_read', 'tokens.cache_creation'))::float8 AS cache,
  sum(b.value) FILTER (WHERE b.kind = 'sessions')::float8 AS sessions,
  sum(b.value) FILTER (WHERE b.kind = 'active_time_s')::float8 AS active,
  sum(b.value) FILTER (WHERE b.kind = 'lines.added')::float8 AS added,
  sum(b.value) FILTER (WHERE b.kind = 'lines.removed')::float8 AS removed`;

type AggRow = {
  k: string | null;
  label: string | null;
  team: string | null;
  cost: number;
  input: number;
  output: number;
  cache: number;
  sessions: number;
  active: number;
  added: number;
  removed: number;
};

function toRow(r: AggRow, merged: number, escaped: number): CostRow {
  const cost = n(r.cost);
  return {
    key: r.k ?? "",
    label: r.label ?? r.k ?? "(none)",
    team: r.team,
    costUsd: cost,
    inputTokens: n(r.input),
    outputTokens: n(r.output),
    cacheTokens: n(r.cache),
    sessions: n(r.sessions),
    activeHours: n(r.active) / 3600,
    linesAdded: n(r.added),
    linesRemoved: n(r.removed),
    merged,
    escaped,
    costPerMerged: ratio(cost, merged),
    costPerEscaped: ratio(cost, escaped),
  };
}

async function counts(db: Db, by: SQL, from: Date, to: Date, where: SQL = sql`true`) {
  const merged = (await db.execute(sql`
    SELECT ${by} AS k, count(*)::int AS n FROM changes c LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN teams t ON t.id = coalesce(c.team_id, a.team_id)
     WHERE c.merged_at >= ${from.toISOString()}::timestamptz AND c.merged_at < ${to.toISOString()}::timestamptz AND ${where}
     GROUP BY 1`)) as unknown as Rows<{ k: string | null; n: number }>;
  const escaped = (await db.execute(sql`
    SELECT ${by} AS k, count(*)::int AS n FROM defects d JOIN changes c ON c.id = d.introduced_change_id
      LEFT JOIN agents a ON a.id = c.agent_id LEFT JOIN teams t ON t.id = coalesce(c.team_id, a.team_id)
     WHERE d.found = 'post_merge' AND d.detected_at >= ${from.toISOString()}::timestamptz AND d.detected_at < ${to.toISOString()}::timestamptz AND ${where}
     GROUP BY 1`)) as unknown as Rows<{ k: string | null; n: number }>;
  return { merged: new Map(merged.rows.map((r) => [r.k ?? "", n(r.n)])), escaped: new Map(escaped.rows.map((r) => [r.k ?? "", n(r.n)])) };
}

export async function loadCostSummary(db: Db, opts: { days: number; agentId?: string; now?: Date }): Promise<CostSummary> {
  const to = opts.now ?? new Date();
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate() - opts.days + 1));
  const range = sql`b.bucket_start >= ${from.toISOString()}::timestamptz AND b.bucket_start < ${to.toISOString()}::timestamptz`;
  const agentOnly = opts.agentId ? sql`b.agent_id = ${opts.agentId}::uuid` : sql`true`;
  const changeAgent = opts.agentId ? sql`c.agent_id = ${opts.agentId}::uuid` : sql`true`;

  const daily = (await db.execute(sql`
    SELECT to_char(date_trunc('day', b.bucket_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           sum(b.value) FILTER (WHERE b.kind = 'cost_usd')::float8 AS cost,
           sum(value) FILTER (WHERE kind LIKE 'tokens.%')::float8 AS tokens
      FROM telemetry_buckets b WHERE ${range} AND ${agentOnly} GROUP BY 1 ORDER BY 1`)) as unknown as Rows<{ day: string; cost: number; tokens: number }>;

  const agg = async (key: SQL, label: SQL, team: SQL) =>
    (
      (await db.execute(sql`
      SELECT ${key} AS k, ${label} AS label, ${team} AS team, ${KINDS}
        FROM telemetry_buckets b LEFT JOIN agents a ON a.id = b.agent_id LEFT JOIN teams t ON t.id = a.team_id
       WHERE ${range} AND ${agentOnly} GROUP BY 1, 2, 3 ORDER BY cost DESC NULLS LAST`)) as unknown as Rows<AggRow>
    ).rows;

  const agentRows = await agg(sql`coalesce(a.id::text, b.agent_slug)`, sql`b.agent_slug`, sql`t.name`);
  const agentCounts = await counts(db, sql`c.agent_id::text`, from, to, changeAgent);
  const teamRows = await agg(sql`t.id::text`, sql`coalesce(t.name, '(unregistered agents)')`, sql`NULL::text`);
  const teamCounts = await counts(db, sql`t.id::text`, from, to, sql`c.author_kind = 'agent' AND ${changeAgent}`);
  const modelRows = await agg(sql`nullif(b.model, '')`, sql`coalesce(nullif(b.model, ''), '(unknown)')`, sql`NULL::text`);
  // a change belongs to the model its session used most (by cost) — only changes with a session count
  const modelCounts = await counts(
    db,
    sql`(SELECT s.model FROM telemetry_buckets s WHERE s.session_id = c.session_id AND s.session_id <> '' AND s.kind = 'cost_usd' GROUP BY s.model ORDER BY sum(s.value) DESC LIMIT 1)`,
    from,
    to,
    sql`c.session_id IS NOT NULL AND ${changeAgent}`,
  );
  const kindRows = (await db.execute(sql`
    SELECT CASE WHEN b.session_id IN (SELECT session_id FROM changes WHERE author_kind = 'human' AND session_id IS NOT NULL) THEN 'human' ELSE 'agent' END AS k,
           NULL::text AS label, NULL::text AS team, ${KINDS}
      FROM telemetry_buckets b WHERE ${range} AND ${agentOnly} GROUP BY 1`)) as unknown as Rows<AggRow>;
  const kindCounts = await counts(db, sql`c.author_kind::text`, from, to, changeAgent);
  const byAuthorKind = ["agent", "human"].map((k) => {
    const r = kindRows.rows.find((x) => x.k === k) ?? ({ k, label: null, team: null } as AggRow);
    return toRow({ ...r, label: k }, kindCounts.merged.get(k) ?? 0, kindCounts.escaped.get(k) ?? 0);
  });

  const rowsWith = (rows: AggRow[], c: Awaited<ReturnType<typeof counts>>) =>
    rows.map((r) => toRow(r, c.merged.get(r.k ?? "") ?? 0, c.escaped.get(r.k ?? "") ?? 0));
  const byAgent = rowsWith(agentRows, agentCounts);
  return {
    from: from.toISOString().slice(0, 10),
    to: to.toISOString().slice(0, 10),
    totalUsd: byAgent.reduce((s, r) => s + r.costUsd, 0),
    daily: daily.rows.map((r) => ({ day: r.day, costUsd: n(r.cost), tokens: n(r.tokens) })),
    byAgent,
    byTeam: rowsWith(teamRows, teamCounts),
    byModel: rowsWith(modelRows, modelCounts),
    byAuthorKind,
  };
}

export interface MonthSpend {
  monthUsd: number;
  /** last month up to the same day and hour, for a like-for-like trend */
  previousToDateUsd: number;
  previousMonthUsd: number;
  daily: DailyCost[];
}

export async function loadMonthSpend(db: Db, now = new Date()): Promise<MonthSpend> {
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const prevSameDay = new Date(Math.min(prev.getTime() + (now.getTime() - month.getTime()), month.getTime()));
  const res = (await db.execute(sql`
    SELECT sum(value) FILTER (WHERE bucket_start >= ${month.toISOString()}::timestamptz)::float8 AS month,
           sum(value) FILTER (WHERE bucket_start < ${month.toISOString()}::timestamptz AND bucket_start < ${prevSameDay.toISOString()}::timestamptz)::float8 AS prev_to_date,
           sum(value) FILTER (WHERE bucket_start < ${month.toISOString()}::timestamptz)::float8 AS prev
      FROM telemetry_buckets WHERE kind = 'cost_usd' AND bucket_start >= ${prev.toISOString()}::timestamptz AND bucket_start <= ${now.toISOString()}::timestamptz`)) as unknown as Rows<{
    month: number;
    prev_to_date: number;
    prev: number;
  }>;
  const days = (await db.execute(sql`
    SELECT to_char(date_trunc('day', bucket_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, sum(value)::float8 AS cost
      FROM telemetry_buckets WHERE kind = 'cost_usd' AND bucket_start >= ${month.toISOString()}::timestamptz GROUP BY 1 ORDER BY 1`)) as unknown as Rows<{
    day: string;
    cost: number;
  }>;
  const r = res.rows[0];
  return {
    monthUsd: n(r?.month),
    previousToDateUsd: n(r?.prev_to_date),
    previousMonthUsd: n(r?.prev),
    daily: days.rows.map((d) => ({ day: d.day, costUsd: n(d.cost), tokens: 0 })),
  };
}

export interface SessionCost {
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  models: string[];
}

/**
 * Cost and tokens of one session (the audit trail's session timeline shows them). A session
 * belongs to the agent that opened it: with `agentSlug`, only that agent's telemetry counts.
 */
export async function loadSessionCost(db: Db, sessionId: string, agentSlug?: string): Promise<SessionCost | null> {
  const res = (await db.execute(sql`
    SELECT sum(value) FILTER (WHERE kind = 'cost_usd')::float8 AS cost,
           sum(value) FILTER (WHERE kind = 'tokens.input')::float8 AS input,
           sum(value) FILTER (WHERE kind = 'tokens.output')::float8 AS output,
           array_agg(DISTINCT model) FILTER (WHERE model <> '') AS models, count(*)::int AS n
      FROM telemetry_buckets
     WHERE session_id = ${sessionId} ${agentSlug ? sql`AND agent_slug = ${agentSlug}` : sql``}`)) as unknown as Rows<{
    cost: number;
    input: number;
    output: number;
    models: string[] | null;
    n: number;
  }>;
  const r = res.rows[0];
  if (!r || n(r.n) === 0) return null;
  return { costUsd: n(r.cost), inputTokens: n(r.input), outputTokens: n(r.output), models: r.models ?? [] };
}
