// KPI arithmetic. Pure: no DB or Next imports. Every rate keeps its numerator and
// denominator, and an empty denominator is `null` ("no data"), never 0 or NaN.

export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, or null when there is nothing to divide by */
  value: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

export function addRatios(items: Iterable<Pick<Ratio, "numerator" | "denominator">>): Ratio {
  let n = 0;
  let d = 0;
  for (const r of items) {
    n += r.numerator;
    d += r.denominator;
  }
  return ratio(n, d);
}

/** Defect escape rate: defects found after merge ÷ all defects found for those changes. */
export function defectEscapeRate(defects: Iterable<{ found: "pre_merge" | "post_merge" }>): Ratio {
  let escaped = 0;
  let all = 0;
  for (const d of defects) {
    all++;
    if (d.found === "post_merge") escaped++;
  }
  return ratio(escaped, all);
}

/** Change failure rate: merged changes later linked to an escaped defect ÷ merged changes. */
export function changeFailureRate(changes: Iterable<{ merged: boolean; escapedDefects: number }>): Ratio {
  let failed = 0;
  let merged = 0;
  for (const c of changes) {
    if (!c.merged) continue;
    merged++;
    if (c.escapedDefects > 0) failed++;
  }
  return ratio(failed, merged);
}

/** Gate pass rate per gate; skipped and pending runs are not verdicts and do not count. */
export function gatePassRates(runs: Iterable<{ gate: string; status: string }>): Map<string, Ratio> {
  const acc = new Map<string, { numerator: number; denominator: number }>();
  for (const r of runs) {
    if (r.status !== "passed" && r.status !== "failed" && r.status !== "overridden") continue;
    const a = acc.get(r.gate) ?? { numerator: 0, denominator: 0 };
    a.denominator++;
    if (r.status === "passed") a.numerator++;
    acc.set(r.gate, a);
  }
  return new Map([...acc].map(([g, a]) => [g, ratio(a.numerator, a.denominator)]));
}

/** Share of changes that are agent-authored. */
export function adoption(changes: Iterable<{ authorKind: "agent" | "human" }>): Ratio {
  let agent = 0;
  let all = 0;
  for (const c of changes) {
    all++;
    if (c.authorKind === "agent") agent++;
  }
  return ratio(agent, all);
}

/** Percentile with linear interpolation between closest ranks (PostgreSQL percentile_cont). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export interface Latency {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** Approval latency from decided requests (created → decided). */
export function approvalLatency(requests: Iterable<{ createdAt: Date; decidedAt: Date | null }>): Latency {
  const secs: number[] = [];
  for (const r of requests) if (r.decidedAt) secs.push(Math.max(0, (r.decidedAt.getTime() - r.createdAt.getTime()) / 1000));
  return { count: secs.length, medianSeconds: percentile(secs, 0.5), p90Seconds: percentile(secs, 0.9) };
}

const DAY = 86_400_000;

/** UTC day "YYYY-MM-DD". */
export function dayKey(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The Monday (UTC) starting the ISO week that holds `day`. */
export function weekKey(day: string | Date): string {
  const d = typeof day === "string" ? new Date(day + "T00:00:00Z") : new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  return dayKey(new Date(d.getTime() - dow * DAY));
}

/**
 * Violations per agent per week: count ÷ number of weeks in the window (partial weeks count
 * by days). Takes the violations themselves or already-counted totals per agent.
 */
export function violationsPerAgentPerWeek(
  violations: Iterable<{ agent: string; at: Date }> | Map<string, number>,
  windowDays: number,
): { agent: string; count: number; perWeek: number | null }[] {
  let counts: Map<string, number>;
  if (violations instanceof Map) counts = violations;
  else {
    counts = new Map();
    for (const v of violations) counts.set(v.agent, (counts.get(v.agent) ?? 0) + 1);
  }
  const weeks = windowDays / 7;
  return [...counts]
    .map(([agent, count]) => ({ agent, count, perWeek: weeks > 0 ? count / weeks : null }))
    .sort((a, b) => b.count - a.count || a.agent.localeCompare(b.agent));
}

export interface RollupRow {
  day: string;
  cohortKey: string;
  metric: string;
  numerator: number;
  denominator: number;
}

export interface SeriesPoint extends Ratio {
  week: string;
}

/** Weekly series per cohort from daily rollup rows of one metric; weeks with no data stay (value null). */
export function weeklySeries(rows: readonly RollupRow[], metric: string, from: Date, to: Date): Map<string, SeriesPoint[]> {
  const weeks: string[] = [];
  for (let t = new Date(weekKey(from) + "T00:00:00Z").getTime(); t <= to.getTime(); t += 7 * DAY) weeks.push(dayKey(new Date(t)));
  const byCohort = new Map<string, Map<string, { numerator: number; denominator: number }>>();
  for (const r of rows) {
    if (r.metric !== metric) continue;
    const wk = weekKey(r.day);
    let m = byCohort.get(r.cohortKey);
    if (!m) byCohort.set(r.cohortKey, (m = new Map()));
    const a = m.get(wk) ?? { numerator: 0, denominator: 0 };
    a.numerator += r.numerator;
    a.denominator += r.denominator;
    m.set(wk, a);
  }
  const out = new Map<string, SeriesPoint[]>();
  for (const [cohort, m] of byCohort) {
    out.set(
      cohort,
      weeks.map((w) => {
        const a = m.get(w) ?? { numerator: 0, denominator: 0 };
        return { week: w, ...ratio(a.numerator, a.denominator) };
      }),
    );
  }
  return out;
}

/** Totals per cohort of one metric over all rows. */
export function totalsByCohort(rows: readonly RollupRow[], metric: string): Map<string, Ratio> {
  const acc = new Map<string, { numerator: number; denominator: number }>();
  for (const r of rows) {
    if (r.metric !== metric) continue;
    const a = acc.get(r.cohortKey) ?? { numerator: 0, denominator: 0 };
    a.numerator += r.numerator;
    a.denominator += r.denominator;
    acc.set(r.cohortKey, a);
  }
  return new Map([...acc].map(([k, a]) => [k, ratio(a.numerator, a.denominator)]));
}

export interface Trend {
  current: number | null;
  previous: number | null;
  /** current − previous, null when either side has no data */
  delta: number | null;
}

export function trend(current: number | null, previous: number | null): Trend {
  return { current, previous, delta: current === null || previous === null ? null : current - previous };
}

/** "12.5%" or "no data". */
export function formatRate(value: number | null, digits = 1): string {
  return value === null ? "no data" : `${(value * 100).toFixed(digits)}%`;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "no data";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
