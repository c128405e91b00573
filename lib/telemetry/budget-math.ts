// Budget periods and thresholds (pure, unit-tested in budget-math.test.ts).

export const BUDGET_PERIODS = ["month", "day"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** Start of the calendar month or day (UTC) that contains `now`. */
export function periodStart(period: BudgetPeriod, now: Date): Date {
  return period === "day"
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** The thresholds (percent of the limit) that the spend has reached; 100 always counts. */
export function crossedThresholds(spent: number, limit: number, thresholds: number[]): number[] {
  if (!(limit > 0)) return [];
  const all = [...new Set([...thresholds.filter((t) => t > 0 && t <= 1000), 100])].sort((a, b) => a - b);
  // compared in micro-dollars so 0.1 + 0.2 reaching 0.3 counts
  const spentMicros = Math.round(spent * 1e6);
  return all.filter((t) => spentMicros >= Math.round((limit * t * 1e6) / 100));
}
