import { describe, expect, it } from "vitest";
import { MIN_SAMPLE, rankWorstFirst, wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it("matches the textbook values", () => {
    // 81 of 263: 0.2553 … 0.3662 (Wilson 1927 / Newcombe 1998 worked examples)
    const i = wilsonInterval(81, 263)!;
    expect(i.low).toBeCloseTo(0.2553, 3);
    expect(i.high).toBeCloseTo(0.3662, 3);
    // 1 of 1: wide, not a point at 100 %
    const one = wilsonInterval(1, 1)!;
    expect(one.low).toBeCloseTo(0.2065, 3);
    expect(one.high).toBe(1);
  });
  it("is sensible at 0 % and stays in [0, 1]", () => {
    const zero = wilsonInterval(0, 20)!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.1611, 3);
    const all = wilsonInterval(20, 20)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8389, 3);
  });
  it("narrows as the sample grows and is null without data", () => {
    const w = (n: number, d: number) => wilsonInterval(n, d)!.high - wilsonInterval(n, d)!.low;
    expect(w(50, 100)).toBeLessThan(w(5, 10));
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe("rankWorstFirst", () => {
  it("ranks by confidence, with small samples and empty cohorts last", () => {
    const ranked = rankWorstFirst([
      { key: "lucky-one", numerator: 1, denominator: 1 }, // 100 % of 1
      { key: "steady", numerator: 30, denominator: 100 }, // 30 % of 100
      { key: "noisy", numerator: 12, denominator: 30 }, // 40 % of 30
      { key: "idle", numerator: 0, denominator: 0 },
      { key: "clean", numerator: 0, denominator: 50 },
    ]);
    expect(ranked.map((r) => r.key)).toEqual(["noisy", "steady", "clean", "lucky-one", "idle"]);
    expect(ranked.find((r) => r.key === "lucky-one")).toMatchObject({ smallSample: true, value: 1 });
    expect(ranked.find((r) => r.key === "steady")).toMatchObject({ smallSample: false });
    expect(ranked.find((r) => r.key === "idle")).toMatchObject({ value: null, interval: null });
  });
  it("uses the minimum sample it is given", () => {
    expect(MIN_SAMPLE).toBe(10);
    const rows = [
      { key: "a", numerator: 5, denominator: 8 },
      { key: "b", numerator: 2, denominator: 20 },
    ];
    expect(rankWorstFirst(rows).map((r) => r.key)).toEqual(["b", "a"]);
    expect(rankWorstFirst(rows, 5).map((r) => r.key)).toEqual(["a", "b"]);
  });
});
