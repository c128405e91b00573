// One cohort order for the whole KPI page: every chart, legend, table and CSV lists cohorts by
// name (natural order: agent-2 before agent-10; "agent" before "human"). Rankings ("worst
// first") are the one exception, and say so with their rank column. PURE.
import type { MetricSeries } from "./queries";

export const byCohortName = (a: string, b: string) => a.localeCompare(b, "en", { numeric: true });

/** Items with a cohort `key`, in the page's cohort order (a new array). */
export function inCohortOrder<T extends { key: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => byCohortName(a.key, b.key));
}

/**
 * The cohorts the page's charts draw: the `limit` largest over all the series (summed
 * denominators: the cohorts with the most evidence), then in the page's cohort order. The
 * same list for every chart, so each cohort keeps one colour and no colour repeats.
 */
export function chartedCohorts(series: readonly MetricSeries[], limit = 8): string[] {
  const size = new Map<string, number>();
  for (const s of series) for (const c of s.cohorts) size.set(c.key, (size.get(c.key) ?? 0) + c.total.denominator);
  return [...size]
    .sort((a, b) => b[1] - a[1] || byCohortName(a[0], b[0]))
    .slice(0, limit)
    .map(([k]) => k)
    .sort(byCohortName);
}
