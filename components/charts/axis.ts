// Axes fitted to the data, with round ticks. Pure (unit-tested in axis.test.ts).

export interface Axis {
  domain: [number, number];
  ticks: number[];
}

const STEPS = [1, 2, 2.5, 5, 10];
// durations in seconds: steps a clock reads (30 s, 5 min, 2 h, 1 d)
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A round step (1, 2, 2.5 or 5 × 10^k; for `time`, a clock step) that cuts `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks = 5, time = false): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks);
  if (time && raw <= 86400) return TIME_STEPS.find((s) => s >= raw) ?? 86400;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = STEPS.find((s) => s * mag >= raw - 1e-12) ?? 10;
  return step * mag;
}

// floating point: 0.1 * 3 must print as 0.3
const clean = (v: number) => Math.round(v * 1e9) / 1e9;

/**
 * The axis for these values: ticks on round numbers from below the smallest to above the
 * largest, inside `bounds` (e.g. [0, 1] for rates). Zero is included when the data sit close
 * enough to it that leaving it out would exaggerate differences (the smallest value is under
 * `zeroWithin` of the largest); otherwise the axis starts near the data, so rates of 92–97 %
 * are not drawn as equal bars on a 0–100 % axis.
 */
export function fittedAxis(
  values: (number | null | undefined)[],
  opts: { bounds?: [number, number]; zeroWithin?: number; maxTicks?: number; includeZero?: boolean; time?: boolean } = {},
): Axis {
  const [lowBound, highBound] = opts.bounds ?? [-Infinity, Infinity];
  const vs = values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  if (vs.length === 0) {
    const lo = Number.isFinite(lowBound) ? lowBound : 0;
    const hi = Number.isFinite(highBound) ? highBound : 1;
    const step = niceStep(hi - lo, opts.maxTicks, opts.time);
    return { domain: [lo, hi], ticks: range(lo, hi, step) };
  }
  let min = Math.min(...vs);
  let max = Math.max(...vs);
  if (opts.includeZero || (min >= 0 && min < (opts.zeroWithin ?? 0.5) * max)) min = Math.min(0, min);
  if (min === max) {
    // one value: a small band around it
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= min === 0 ? 0 : pad;
    max += pad;
  }
  const step = niceStep(max - min, opts.maxTicks, opts.time);
  let lo = Math.floor(clean(min / step)) * step;
  let hi = Math.ceil(clean(max / step)) * step;
  // a value on the edge gets some room, unless the edge is zero or a bound
  if (hi === max && max !== 0 && max < highBound) hi += step;
  if (lo === min && min !== 0 && min > lowBound) lo -= step;
  lo = clean(Math.max(lo, lowBound));
  hi = clean(Math.min(hi, highBound));
  return { domain: [lo, hi], ticks: range(lo, hi, step) };
}

function range(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const v = clean(lo + i * step);
    if (v > hi + step * 1e-6) break;
    out.push(v);
    if (i > 100) break;
  }
  return out;
}

/** Percent ticks with as many decimals as the step needs (92 %, 92.5 %), never more than two. */
export function percentFormatter(ticks: number[]): (v: number) => string {
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) * 100 : 1;
  let decimals = 0;
  while (decimals < 2 && Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6) decimals++;
  return (v: number) => `${(v * 100).toFixed(decimals)}%`;
}

/** Pixels a tick label of this many characters needs at 11 px (a little generous: no clipping). */
export const labelWidth = (chars: number) => Math.ceil(chars * 7) + 14;

/** "2026-11-02" → "Nov 2" (weeks start on Monday, UTC). */
export function weekLabel(week: string): string {
  const d = new Date(`${week}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? week : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
