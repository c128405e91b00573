import { describe, expect, it } from "vitest";
import { makeContext } from "./types";
import { agent, normalSession, sequence } from "./fixtures";
import { instructionDriftDetector } from "./drift";

const baseline = new Map([["refactoring", new Set(["file.read", "file.write", "shell.exec", "network.request", "git.push", "git.commit"])]]);

describe("instruction drift", () => {
  it("fires once for an action type new to the role", () => {
    const ctx = makeContext({ agents: [agent()], roleBaselines: baseline });
    const ev = sequence();
    const events = [
      ev({ type: "decision", actionType: "file.read", resource: "src/a.ts", decision: "allow" }),
      ev({ type: "decision", actionType: "deploy", environment: "production", decision: "ask" }),
      ev({ type: "decision", actionType: "deploy", environment: "production", decision: "ask" }),
    ];
    const hits = instructionDriftDetector.run(events, ctx);
    expect(hits).toHaveLength(1);
    expect(hits[0].explanation).toBe("payments-refactor-bot (refactoring) did deploy; no refactoring agent has done deploy before.");
  });
  it("stays quiet for known action types and without a baseline", () => {
    expect(instructionDriftDetector.run(normalSession(sequence()), makeContext({ agents: [agent()], roleBaselines: baseline }))).toEqual([]);
    // empty history: the first few types only build the baseline
    const ev = sequence();
    const fresh = makeContext({ agents: [agent()] });
    const events = [ev({ actionType: "file.read" }), ev({ actionType: "file.write" }), ev({ actionType: "shell.exec" })];
    expect(instructionDriftDetector.run(events, fresh)).toEqual([]);
  });
});

describe("instruction drift while a role is new", () => {
  it("stays quiet until the role has enough observed actions", () => {
    const ev = sequence();
    const types = ["file.read", "file.write", "shell.exec"];
    const young = makeContext({ agents: [agent()], roleBaselines: baseline, roleEventCounts: new Map([["refactoring", 10]]) });
    expect(instructionDriftDetector.run([ev({ actionType: "deploy" })], young)).toEqual([]);
    const mature = makeContext({
      agents: [agent()],
      roleBaselines: new Map([["refactoring", new Set(types)]]),
      roleEventCounts: new Map([["refactoring", 500]]),
    });
    expect(instructionDriftDetector.run([ev({ actionType: "deploy" })], mature)).toHaveLength(1);
  });
});
