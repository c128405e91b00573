// Rates people can rank: each with its 95 % Wilson score interval, and cohorts too small to
// judge marked and ranked last. PURE. "1 of 1 = 100 %" must not top a "worst agents" list.

/** 95 % two-sided normal quantile. */
export const Z95 = 1.959963984540054;

/** Fewer than this many in the denominator: shown, marked "small sample", ranked after the rest. */
export const MIN_SAMPLE = 10;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for numerator successes out of denominator trials; null when the
 * denominator is 0 (no data). Stays inside [0, 1] and is sensible at 0 % and 100 %, where the
 * normal ("Wald") interval collapses to a point.
 */
export function wilsonInterval(numerator: number, denominator: number, z = Z95): Interval | null {
  if (!(denominator > 0)) return null;
  const n = denominator;
  const p = Math.min(1, Math.max(0, numerator / n));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface RankedRate {
  key: string;
  numerator: number;
  denominator: number;
  value: number | null;
  interval: Interval | null;
  smallSample: boolean;
}

/**
 * Worst first, as a "which cohort is worst" list should read: cohorts with enough sample by the
 * lower bound of their interval (a rate we are confident is at least that bad), then by rate;
 * small samples after them, and cohorts with no data last. Ties: larger sample, then key.
 */
export function rankWorstFirst(rows: { key: string; numerator: number; denominator: number }[], minSample = MIN_SAMPLE): RankedRate[] {
  const tier = (r: RankedRate) => (r.denominator === 0 ? 2 : r.smallSample ? 1 : 0);
  return rows
    .map((r) => ({
      ...r,
      value: r.denominator > 0 ? r.numerator / r.denominator : null,
      interval: wilsonInterval(r.numerator, r.denominator),
      smallSample: r.denominator < minSample,
    }))
    .sort(
      (a, b) =>
        tier(a) - tier(b) ||
        (b.interval?.low ?? 0) - (a.interval?.low ?? 0) ||
        (b.value ?? 0) - (a.value ?? 0) ||
        b.denominator - a.denominator ||
        a.key.localeCompare(b.key),
    );
}
