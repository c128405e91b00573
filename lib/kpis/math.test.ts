import { describe, expect, it } from "vitest";
import {
  adoption,
  approvalLatency,
  changeFailureRate,
  defectEscapeRate,
  formatRate,
  gatePassRates,
  percentile,
  ratio,
  totalsByCohort,
  trend,
  violationsPerAgentPerWeek,
  weekKey,
  weeklySeries,
} from "./math";
import { toCsv } from "./csv";

describe("rates", () => {
  it("defect escape rate: 3 escaped of 4 defects = 0.75", () => {
    const r = defectEscapeRate([{ found: "post_merge" }, { found: "pre_merge" }, { found: "post_merge" }, { found: "post_merge" }]);
    expect(r).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
  });
  it("change failure rate counts merged changes with ≥1 escaped defect; open ones are ignored", () => {
    const r = changeFailureRate([
      { merged: true, escapedDefects: 2 },
      { merged: true, escapedDefects: 0 },
      { merged: true, escapedDefects: 1 },
      { merged: true, escapedDefects: 0 },
      { merged: false, escapedDefects: 5 },
    ]);
    expect(r).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
  });
  it("gate pass rate ignores skipped/pending and counts overridden as not passed", () => {
    const m = gatePassRates([
      { gate: "unit", status: "passed" },
      { gate: "unit", status: "failed" },
      { gate: "unit", status: "skipped" },
      { gate: "sast", status: "overridden" },
      { gate: "sast", status: "passed" },
      { gate: "sast", status: "passed" },
      { gate: "lint", status: "pending" },
    ]);
    expect(m.get("unit")).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
    expect(m.get("sast")!.value).toBeCloseTo(2 / 3);
    expect(m.has("lint")).toBe(false);
  });
  it("adoption: 1 of 4 agent-authored", () => {
    expect(adoption([{ authorKind: "agent" }, { authorKind: "human" }, { authorKind: "human" }, { authorKind: "human" }]).value).toBe(0.25);
  });
  it("empty windows are no data, never 0 or NaN", () => {
    expect(defectEscapeRate([])).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(changeFailureRate([{ merged: false, escapedDefects: 1 }]).value).toBeNull();
    expect(adoption([]).value).toBeNull();
    expect(ratio(0, 0).value).toBeNull();
    expect(approvalLatency([])).toEqual({ count: 0, medianSeconds: null, p90Seconds: null });
    expect(formatRate(null)).toBe("no data");
    expect(trend(null, 0.2).delta).toBeNull();
  });
});

describe("percentiles and latency", () => {
  it("percentile_cont semantics", () => {
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([42], 0.9)).toBe(42);
  });
  it("approval latency: median and p90 in seconds, undecided ignored", () => {
    const t0 = new Date("2025-01-01T00:00:00Z");
    const at = (s: number) => new Date(t0.getTime() + s * 1000);
    const l = approvalLatency([
      { createdAt: t0, decidedAt: at(60) },
      { createdAt: t0, decidedAt: at(120) },
      { createdAt: t0, decidedAt: at(600) },
      { createdAt: t0, decidedAt: null },
    ]);
    expect(l).toEqual({ count: 3, medianSeconds: 120, p90Seconds: 504 });
  });
});

describe("weeks and rollups", () => {
  it("weeks start on Monday (UTC)", () => {
    expect(weekKey("2025-06-01")).toBe("2025-05-26"); // Sunday
    expect(weekKey("2025-06-02")).toBe("2025-06-02"); // Monday
    expect(weekKey(new Date("2025-06-04T23:30:00Z"))).toBe("2025-06-02");
  });
  it("weekly series sums days, keeps empty weeks as no data", () => {
    const rows = [
      { day: "2025-06-02", cohortKey: "agent", metric: "cfr", numerator: 1, denominator: 4 },
      { day: "2025-06-05", cohortKey: "agent", metric: "cfr", numerator: 1, denominator: 4 },
      { day: "2025-06-03", cohortKey: "human", metric: "cfr", numerator: 0, denominator: 10 },
      { day: "2025-06-17", cohortKey: "agent", metric: "cfr", numerator: 0, denominator: 2 },
      { day: "2025-06-03", cohortKey: "agent", metric: "der", numerator: 9, denominator: 9 },
    ];
    const s = weeklySeries(rows, "cfr", new Date("2025-06-02T00:00:00Z"), new Date("2025-06-20T00:00:00Z"));
    expect(s.get("agent")).toEqual([
      { week: "2025-06-02", numerator: 2, denominator: 8, value: 0.25 },
      { week: "2025-06-09", numerator: 0, denominator: 0, value: null },
      { week: "2025-06-16", numerator: 0, denominator: 2, value: 0 },
    ]);
    expect(s.get("human")![0].value).toBe(0);
    expect(totalsByCohort(rows, "cfr").get("agent")).toEqual({ numerator: 2, denominator: 10, value: 0.2 });
  });
  it("violations per agent per week over a 14-day window", () => {
    const at = new Date();
    const r = violationsPerAgentPerWeek(
      [
        { agent: "a", at },
        { agent: "a", at },
        { agent: "b", at },
        { agent: "a", at },
      ],
      14,
    );
    expect(r).toEqual([
      { agent: "a", count: 3, perWeek: 1.5 },
      { agent: "b", count: 1, perWeek: 0.5 },
    ]);
  });
});

describe("csv", () => {
  it("quotes and defuses formulas", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          ["x,y", 1],
          ["=cmd()", null],
          ['say "hi"', 2],
        ],
      ),
    ).toBe('a,b\r\n"x,y",1\r\n\'=cmd(),\r\n"say ""hi""",2\r\n');
  });
});
