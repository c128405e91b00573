import { describe, expect, it } from "vitest";
import { crossedThresholds, periodStart } from "./budget-math";

describe("periodStart", () => {
  it("is the first of the month or the day, in UTC", () => {
    const now = new Date("2026-03-31T23:30:00-05:00"); // already April 1st in UTC
    expect(periodStart("month", now).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(periodStart("day", now).toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(periodStart("month", new Date("2026-02-14T12:00:00Z")).toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(periodStart("day", new Date("2026-02-14T12:00:00Z")).toISOString()).toBe("2026-02-14T00:00:00.000Z");
  });
});

describe("crossedThresholds", () => {
  it("lists the thresholds reached, 100 included even when not configured", () => {
    expect(crossedThresholds(79.99, 100, [50, 80])).toEqual([50]);
    expect(crossedThresholds(80, 100, [50, 80])).toEqual([50, 80]);
    expect(crossedThresholds(100, 100, [50, 80])).toEqual([50, 80, 100]);
    expect(crossedThresholds(0.1 + 0.2, 0.3, [])).toEqual([100]);
    expect(crossedThresholds(0.00068, 0.0001, [80, 100])).toEqual([80, 100]);
  });
  it("never alerts on a zero or negative limit, or at 0 %", () => {
    expect(crossedThresholds(5, 0, [80])).toEqual([]);
    expect(crossedThresholds(0, 10, [0, 80])).toEqual([]);
  });
});
