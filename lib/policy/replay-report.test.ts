import { describe, expect, it } from "vitest";
import { buildReplayReport, DEFAULT_RULE_KEY, type ReplayOutcome } from "./replay-report";
import type { DecisionValue } from "./types";

const meta = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-04T00:00:00Z"), days: 3, truncated: false, skipped: 0 };

function outcome(n: number, agent: string, from: DecisionValue, to: DecisionValue, ruleBefore: string | null, ruleAfter: string | null): ReplayOutcome {
  return {
    decisionId: `d${n}`,
    agentSlug: agent,
    at: new Date(Date.UTC(2026, 11, 3, 0, 0, n)),
    summary: `cmd ${n}`,
    actionType: "shell.exec",
    recorded: from,
    before: { decision: from, ruleId: ruleBefore },
    after: { decision: to, ruleId: ruleAfter },
  };
}

describe("buildReplayReport", () => {
  it("counts only changed outcomes, by transition, by the draft's deciding rule and by agent", () => {
    const r = buildReplayReport(
      [
        outcome(1, "agent-2", "allow", "ask", "free", "gate-x"),
        outcome(2, "agent-10", "allow", "ask", "free", "gate-x"),
        outcome(3, "agent-2", "ask", "deny", "gate-y", "forbid-z"),
        outcome(4, "agent-2", "allow", "allow", "free", "free"),
        outcome(5, "agent-3", "ask", "ask", "gate-y", "gate-w"),
        outcome(6, "agent-3", "allow", "ask", "free", null),
      ],
      { ...meta, skipped: 2 },
    );
    expect(r.scanned).toBe(8);
    expect(r.changed).toBe(4);
    expect(r.ruleOnly).toBe(1);
    expect(r.transitions).toEqual([
      { from: "allow", to: "ask", count: 3 },
      { from: "ask", to: "deny", count: 1 },
    ]);
    expect(r.byRule.map((g) => [g.key, g.changed])).toEqual([
      ["gate-x", 2],
      [DEFAULT_RULE_KEY, 1],
      ["forbid-z", 1],
    ]);
    // most changed first, then names in natural order (agent-3 before agent-10)
    expect(r.byAgent.map((g) => [g.key, g.transitions])).toEqual([
      ["agent-2", { "allow>ask": 1, "ask>deny": 1 }],
      ["agent-3", { "allow>ask": 1 }],
      ["agent-10", { "allow>ask": 1 }],
    ]);
    expect(r.examples.map((e) => e.decisionId)).toEqual(["d1", "d2", "d3", "d6"]);
  });

  it("keeps at most five examples per transition, so a rare change is not crowded out", () => {
    const many = Array.from({ length: 30 }, (_, i) => outcome(i, "a", "allow", "ask", "free", "gate"));
    const r = buildReplayReport([...many, outcome(99, "b", "deny", "allow", "forbid", "free")], meta);
    expect(r.examples.filter((e) => e.to === "ask")).toHaveLength(5);
    expect(r.examples.some((e) => e.decisionId === "d99")).toBe(true);
    expect(r.transitions).toEqual([
      { from: "allow", to: "ask", count: 30 },
      { from: "deny", to: "allow", count: 1 },
    ]);
  });
});
