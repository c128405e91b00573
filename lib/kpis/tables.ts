// Each KPI chart as a plain table (for the "table" view and the CSV download). Pure.
import type { KpiPageData, MetricSeries } from "./queries";
import { formatDuration, formatRate } from "./math";
import { inCohortOrder } from "./order";

export const CHART_IDS = ["der", "cfr", "gates", "latency", "violations", "adoption"] as const;
export type ChartId = (typeof CHART_IDS)[number];

export interface KpiTable {
  header: string[];
  rows: (string | number | null)[][];
}

const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);

function seriesTable(s: MetricSeries, numLabel: string, denLabel: string): KpiTable {
  const rows: KpiTable["rows"] = [];
  for (const c of inCohortOrder(s.cohorts)) {
    for (const p of c.points) rows.push([p.week, c.key, p.numerator, p.denominator, pct(p.value)]);
    rows.push(["window total", c.key, c.total.numerator, c.total.denominator, pct(c.total.value)]);
  }
  return { header: ["week", "cohort", numLabel, denLabel, "rate %"], rows };
}

export function kpiTable(data: KpiPageData, id: ChartId): KpiTable {
  switch (id) {
    case "der":
      return seriesTable(data.escapeRate, "escaped defects", "all defects");
    case "cfr":
      return seriesTable(data.failureRate, "changes with escaped defect", "merged changes");
    case "adoption":
      return seriesTable(data.adoption, "agent-authored changes", "changes");
    case "gates":
      return {
        header: ["gate", "passed", "runs with a verdict", "pass rate %"],
        rows: inCohortOrder(data.gatePass.map((g) => ({ ...g, key: g.gate }))).map((g) => [g.gate, g.total.numerator, g.total.denominator, pct(g.total.value)]),
      };
    case "latency":
      return {
        header: ["week", "cohort", "decided requests", "median seconds", "p90 seconds"],
        rows: [
          ...data.latency.weekly.map((w) => [
            w.week,
            w.key,
            w.count,
            w.medianSeconds === null ? null : Math.round(w.medianSeconds),
            w.p90Seconds === null ? null : Math.round(w.p90Seconds),
          ]),
          [
            "window total",
            "all",
            data.latency.overall.count,
            data.latency.overall.medianSeconds === null ? null : Math.round(data.latency.overall.medianSeconds),
            data.latency.overall.p90Seconds === null ? null : Math.round(data.latency.overall.p90Seconds),
          ],
        ],
      };
    case "violations":
      return {
        header: ["agent", "violations", "per week"],
        rows: data.violations.perAgent.map((v) => [v.agent, v.count, v.perWeek === null ? null : Math.round(v.perWeek * 100) / 100]),
      };
  }
}

/** Chart-ready rows: one per week, `<cohort>` = rate, `<cohort>__n` / `__d` = numerator/denominator. */
export function trendRows(s: MetricSeries): Record<string, string | number | null>[] {
  const weeks = s.cohorts[0]?.points.map((p) => p.week) ?? [];
  return weeks.map((week, i) => {
    const row: Record<string, string | number | null> = { week };
    for (const c of s.cohorts) {
      const p = c.points[i];
      row[c.key] = p?.value ?? null;
      row[`${c.key}__n`] = p?.numerator ?? 0;
      row[`${c.key}__d`] = p?.denominator ?? 0;
    }
    return row;
  });
}

export { formatRate, formatDuration };
