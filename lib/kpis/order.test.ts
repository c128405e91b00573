import { describe, expect, it } from "vitest";
import { chartedCohorts, inCohortOrder } from "./order";
import type { MetricSeries } from "./queries";

const series = (metric: string, sizes: Record<string, number>): MetricSeries => ({
  metric,
  // the queries hand cohorts over largest first
  cohorts: Object.entries(sizes)
    .sort((a, b) => b[1] - a[1])
    .map(([key, d]) => ({ key, total: { numerator: 0, denominator: d, value: 0 }, points: [] })),
});

describe("one cohort order for the KPI page", () => {
  it("orders cohorts by name, naturally, whatever order the series came in", () => {
    expect(inCohortOrder([{ key: "human" }, { key: "agent" }]).map((c) => c.key)).toEqual(["agent", "human"]);
    expect(inCohortOrder([{ key: "agent-10" }, { key: "agent-2" }, { key: "agent-1" }]).map((c) => c.key)).toEqual(["agent-1", "agent-2", "agent-10"]);
  });

  it("charts the largest cohorts over all series, listed in name order, the same for every chart", () => {
    const der = series("der", { "agent-10": 50, "agent-2": 5, "agent-3": 1 });
    const cfr = series("cfr", { "agent-3": 80, "agent-2": 2, "agent-4": 1 });
    expect(chartedCohorts([der, cfr], 2)).toEqual(["agent-3", "agent-10"]);
    expect(chartedCohorts([cfr, der], 2)).toEqual(["agent-3", "agent-10"]);
    expect(chartedCohorts([der, cfr])).toEqual(["agent-2", "agent-3", "agent-4", "agent-10"]);
  });
});
