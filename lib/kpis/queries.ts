import "server-only";
// Data of the KPI page and the overview tiles. Rates come from the kpi_daily rollups;
// approval latency (percentiles cannot be summed) and violations are read from their own
// small tables with indexed time ranges.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { kpiDaily } from "@/db/schema";
import type { CohortKind } from "./rollup";
import { dayKey, ratio, totalsByCohort, violationsPerAgentPerWeek, weeklySeries, type Ratio, type RollupRow, type SeriesPoint } from "./math";

export const WINDOWS = [7, 30, 90] as const;
export type WindowDays = (typeof WINDOWS)[number];
export const COHORT_CHOICES = ["author_kind", "agent", "team", "repository"] as const;
export type CohortChoice = (typeof COHORT_CHOICES)[number];
// tables list up to this many cohorts; charts draw the largest few (components/kpis)
const MAX_COHORTS = 50;

const DAY = 86_400_000;

export interface Window {
  days: number;
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
}

export function windowOf(days: number, now = new Date()): Window {
  const toDay = dayKey(now);
  const to = new Date(toDay + "T00:00:00Z");
  const from = new Date(to.getTime() - (days - 1) * DAY);
  return { days, from, to: new Date(to.getTime() + DAY - 1), fromDay: dayKey(from), toDay };
}

export function previousWindow(w: Window): Window {
  const to = new Date(w.from.getTime() - DAY);
  return windowOf(w.days, to);
}

export interface CohortSeries {
  key: string;
  total: Ratio;
  points: SeriesPoint[];
}

export interface MetricSeries {
  metric: string;
  cohorts: CohortSeries[];
}

// Rows are summed per week in SQL: the page needs weekly points, and returning a few hundred
// rows instead of thousands of daily ones is what keeps the page fast on the embedded engine.
async function rollupRows(db: Db, kind: CohortKind, metrics: string[] | "gates", w: Window, bucket: "week" | "none" = "week"): Promise<RollupRow[]> {
  // Monday of the ISO week by date arithmetic, grouped as a date (cheap to hash and sort)
  // and only turned into text for the few grouped rows.
  const bucketExpr = bucket === "week" ? sql`(day - (extract(isodow from day)::int - 1))` : sql`${w.fromDay}::date`;
  const metricFilter =
    metrics === "gates"
      ? sql`metric LIKE 'gate:%'`
      : sql`metric IN (${sql.join(
          metrics.map((m) => sql`${m}`),
          sql`, `,
        )})`;
  const res = (await db.execute(sql`
    SELECT b::text AS day, cohort_key AS "cohortKey", metric, n::float8 AS numerator, d::float8 AS denominator
    FROM (
      SELECT ${bucketExpr} AS b, cohort_key, metric, sum(numerator) AS n, sum(denominator) AS d
      FROM ${kpiDaily}
      WHERE cohort_kind = ${kind} AND ${metricFilter} AND day >= ${w.fromDay}::date AND day <= ${w.toDay}::date
      GROUP BY 1, 2, 3
    ) t`)) as unknown as { rows: RollupRow[] };
  return res.rows.map((r) => ({ ...r, numerator: Number(r.numerator), denominator: Number(r.denominator) }));
}

function seriesOf(rows: RollupRow[], metric: string, w: Window): MetricSeries {
  const weekly = weeklySeries(rows, metric, w.from, w.to);
  const totals = totalsByCohort(rows, metric);
  const cohorts = [...totals]
    .map(([key, total]) => ({ key, total, points: weekly.get(key) ?? [] }))
    .sort((a, b) => b.total.denominator - a.total.denominator || a.key.localeCompare(b.key))
    .slice(0, MAX_COHORTS);
  return { metric, cohorts };
}

export interface LatencySummary {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

async function approvalLatency(db: Db, w: Window, cohort: CohortChoice) {
  // approval requests are always an agent's: cohorts by agent or team; otherwise all
  const key = cohort === "agent" ? sql`a.slug` : cohort === "team" ? sql`t.slug` : sql`'all'`;
  const rows = (await db.execute(sql`
    SELECT ${key} AS key,
      to_char(date_trunc('week', (r.decided_at AT TIME ZONE 'UTC')), 'YYYY-MM-DD') AS week,
      count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.decided_at - r.created_at)) AS median,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM r.decided_at - r.created_at)) AS p90
    FROM approval_requests r JOIN agents a ON a.id = r.agent_id LEFT JOIN teams t ON t.id = a.team_id
    WHERE r.status IN ('approved', 'denied') AND r.decided_at IS NOT NULL
      AND r.decided_at >= ${w.from.toISOString()}::timestamptz AND r.decided_at <= ${w.to.toISOString()}::timestamptz
    GROUP BY GROUPING SETS ((1, 2), ())`)) as unknown as {
    rows: { key: string | null; week: string | null; n: number; median: number | null; p90: number | null }[];
  };
  const all = rows.rows.find((r) => r.week === null && r.key === null);
  const weekly = rows.rows
    .filter((r) => r.week !== null)
    .map((r) => ({
      key: r.key ?? "unknown",
      week: r.week!,
      count: Number(r.n),
      medianSeconds: r.median === null ? null : Number(r.median),
      p90Seconds: r.p90 === null ? null : Number(r.p90),
    }))
    .sort((a, b) => a.week.localeCompare(b.week) || a.key.localeCompare(b.key));
  const overall: LatencySummary = {
    count: Number(all?.n ?? 0),
    medianSeconds: all?.median == null ? null : Number(all.median),
    p90Seconds: all?.p90 == null ? null : Number(all.p90),
  };
  return { overall, weekly };
}

async function violationsByAgent(db: Db, w: Window) {
  const res = (await db.execute(sql`
    SELECT coalesce(agent_slug, 'unattributed') AS agent,
      to_char(date_trunc('week', (first_seen_at AT TIME ZONE 'UTC')), 'YYYY-MM-DD') AS week,
      count(*)::int AS n
    FROM violations
    WHERE first_seen_at >= ${w.from.toISOString()}::timestamptz AND first_seen_at <= ${w.to.toISOString()}::timestamptz
      -- agents only: a person's login on a gate override is no agent (as on the overview)
      AND (agent_id IS NOT NULL OR kind = 'shadow_agent')
    GROUP BY 1, 2`)) as unknown as { rows: { agent: string; week: string; n: number }[] };
  const counts = new Map<string, number>();
  for (const r of res.rows) counts.set(r.agent, (counts.get(r.agent) ?? 0) + Number(r.n));
  const perAgent = violationsPerAgentPerWeek(counts, w.days);
  const weekly = res.rows.map((r) => ({ agent: r.agent, week: r.week, count: Number(r.n) })).sort((a, b) => a.week.localeCompare(b.week));
  return { perAgent: perAgent.slice(0, 20), weekly };
}

export interface KpiPageData {
  window: { days: number; from: string; to: string };
  cohort: CohortChoice;
  escapeRate: MetricSeries;
  failureRate: MetricSeries;
  adoption: MetricSeries;
  adoptionOverall: Ratio;
  gatePass: { gate: string; total: Ratio }[];
  latency: Awaited<ReturnType<typeof approvalLatency>>;
  violations: Awaited<ReturnType<typeof violationsByAgent>>;
}

export async function loadKpiPage(db: Db, opts: { windowDays: number; cohort: CohortChoice; now?: Date }): Promise<KpiPageData> {
  const w = windowOf(opts.windowDays, opts.now);
  const [cohortRows, allRows, gateRows, latency, violations] = await Promise.all([
    rollupRows(db, opts.cohort, ["der", "cfr", "adoption"], w),
    rollupRows(db, "all", ["adoption"], w),
    rollupRows(db, "all", "gates", w, "none"),
    approvalLatency(db, w, opts.cohort),
    violationsByAgent(db, w),
  ]);
  const gateTotals = new Map<string, { numerator: number; denominator: number }>();
  for (const r of gateRows) {
    const g = r.metric.slice("gate:".length);
    const a = gateTotals.get(g) ?? { numerator: 0, denominator: 0 };
    a.numerator += r.numerator;
    a.denominator += r.denominator;
    gateTotals.set(g, a);
  }
  return {
    window: { days: w.days, from: w.fromDay, to: w.toDay },
    cohort: opts.cohort,
    escapeRate: seriesOf(cohortRows, "der", w),
    failureRate: seriesOf(cohortRows, "cfr", w),
    adoption: seriesOf(opts.cohort === "author_kind" ? allRows : cohortRows, "adoption", w),
    adoptionOverall: totalsByCohort(allRows, "adoption").get("all") ?? ratio(0, 0),
    gatePass: [...gateTotals]
      .map(([gate, a]) => ({ gate, total: ratio(a.numerator, a.denominator) }))
      .sort((a, b) => b.total.denominator - a.total.denominator || a.gate.localeCompare(b.gate)),
    latency,
    violations,
  };
}

export interface HeadlineTiles {
  window: number;
  escapeAgent: { current: Ratio; previous: Ratio };
  escapeHuman: { current: Ratio; previous: Ratio };
  failureAgent: { current: Ratio; previous: Ratio };
  failureHuman: { current: Ratio; previous: Ratio };
  adoption: { current: Ratio; previous: Ratio };
  gatePass: { current: Ratio; previous: Ratio };
}

/** Headline KPIs for the overview: this window vs the one before. */
export async function loadHeadlineTiles(db: Db, windowDays = 30, now = new Date()): Promise<HeadlineTiles> {
  const cur = windowOf(windowDays, now);
  const prev = previousWindow(cur);
  const load = (w: Window) =>
    Promise.all([
      rollupRows(db, "author_kind", ["der", "cfr"], w, "none"),
      rollupRows(db, "all", ["adoption"], w, "none"),
      rollupRows(db, "all", "gates", w, "none"),
    ]);
  const [[kindC, allC, gatesC], [kindP, allP, gatesP]] = await Promise.all([load(cur), load(prev)]);
  const pick = (rows: RollupRow[], metric: string | ((m: string) => boolean), key: string) => {
    let n = 0;
    let d = 0;
    for (const r of rows) {
      if ((typeof metric === "string" ? r.metric === metric : metric(r.metric)) && r.cohortKey === key) {
        n += r.numerator;
        d += r.denominator;
      }
    }
    return ratio(n, d);
  };
  const both = (c: RollupRow[], p: RollupRow[], metric: string | ((m: string) => boolean), key: string) => ({
    current: pick(c, metric, key),
    previous: pick(p, metric, key),
  });
  return {
    window: windowDays,
    escapeAgent: both(kindC, kindP, "der", "agent"),
    escapeHuman: both(kindC, kindP, "der", "human"),
    failureAgent: both(kindC, kindP, "cfr", "agent"),
    failureHuman: both(kindC, kindP, "cfr", "human"),
    adoption: both(allC, allP, "adoption", "all"),
    gatePass: both(gatesC, gatesP, (m) => m.startsWith("gate:"), "all"),
  };
}
