import { describe, expect, it } from "vitest";
import { fittedAxis, niceStep, percentFormatter, weekLabel } from "./axis";

describe("fittedAxis", () => {
  it("fits a 92–97 % pass rate closely instead of 0–100 %", () => {
    const a = fittedAxis([0.92, 0.955, 0.97], { bounds: [0, 1] });
    expect(a.domain[0]).toBeGreaterThan(0.85);
    expect(a.domain[0]).toBeLessThanOrEqual(0.92);
    expect(a.domain[1]).toBeGreaterThanOrEqual(0.97);
    expect(a.domain[1]).toBeLessThanOrEqual(1);
    expect(a.ticks[0]).toBe(a.domain[0]);
    expect(a.ticks[a.ticks.length - 1]).toBe(a.domain[1]);
    // round, evenly spaced ticks
    const steps = a.ticks.slice(1).map((t, i) => Math.round((t - a.ticks[i]) * 1e6));
    expect(new Set(steps).size).toBe(1);
  });

  it("keeps zero when the data sit near it, and never leaves the bounds", () => {
    expect(fittedAxis([0.05, 0.3], { bounds: [0, 1] }).domain[0]).toBe(0);
    const high = fittedAxis([0.98, 1], { bounds: [0, 1] });
    expect(high.domain[1]).toBe(1);
    expect(high.domain[0]).toBeLessThan(0.98);
    expect(fittedAxis([0, 0], { bounds: [0, 1] }).domain).toEqual([0, 1]);
  });

  it("has an axis with no data and round ticks for counts", () => {
    expect(fittedAxis([], { bounds: [0, 1] }).domain).toEqual([0, 1]);
    const counts = fittedAxis([3, 17, 41], { includeZero: true });
    expect(counts.domain[0]).toBe(0);
    expect(counts.domain[1]).toBeGreaterThanOrEqual(41);
    expect(counts.ticks.every((t) => Number.isInteger(t / 5) || Number.isInteger(t / 2))).toBe(true);
  });
});

describe("ticks", () => {
  it("niceStep gives 1/2/2.5/5 × 10^k", () => {
    expect(niceStep(0.05, 5)).toBeCloseTo(0.01);
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
  });
  it("durations get clock steps: whole minutes and hours, not 8.3 min", () => {
    expect(niceStep(1500, 5, true)).toBe(300);
    expect(fittedAxis([50, 1320], { includeZero: true, time: true }).ticks).toEqual([0, 300, 600, 900, 1200, 1500]);
    expect(niceStep(20000, 5, true)).toBe(7200);
  });
  it("percent labels have the decimals the step needs", () => {
    expect(percentFormatter([0.9, 0.92, 0.94])(0.92)).toBe("92%");
    expect(percentFormatter([0.9, 0.905])(0.905)).toBe("90.5%");
    expect(percentFormatter([0, 0.25, 0.5])(0.25)).toBe("25%");
  });
});

describe("weekLabel", () => {
  it("names a week by its Monday, in UTC", () => {
    expect(weekLabel("2026-11-02")).toBe("Nov 2");
    expect(weekLabel("not a date")).toBe("not a date");
  });
});
