import { describe, expect, it } from "vitest";
import { makeContext } from "./types";
import { agent, sequence } from "./fixtures";
import { gateOverrideDetector } from "./gates";

const ctx = makeContext({ agents: [agent()] });

describe("gate override / auto-merge of security-adjacent change", () => {
  it("fires critical for a security-adjacent auto-merge and high for overridden gates", () => {
    const ev = sequence();
    const events = [
      ev({
        type: "change.merged",
        actorKind: "system",
        payload: { repository: "acme/payments", pull_request: 412, security_adjacent: true, human_approved: false, missing_gates: [] },
      }),
      ev({
        type: "change.merged",
        actorKind: "system",
        payload: { repository: "acme/web", pull_request: 9, security_adjacent: false, human_approved: true, missing_gates: ["sast"] },
      }),
    ];
    const hits = gateOverrideDetector.run(events, ctx);
    expect(hits.map((h) => h.severity)).toEqual(["critical", "high"]);
    expect(hits[0].explanation).toBe("acme/payments#412 by payments-refactor-bot: security-adjacent change merged without human approval.");
    expect(hits[1].explanation).toContain("gates not passed: sast");
  });
  it("stays quiet for a reviewed security change and a clean merge", () => {
    const ev = sequence();
    const events = [
      ev({ type: "change.merged", payload: { security_adjacent: true, human_approved: true, missing_gates: [] } }),
      ev({ type: "change.merged", payload: { security_adjacent: false, human_approved: false, missing_gates: [] } }),
    ];
    expect(gateOverrideDetector.run(events, ctx)).toEqual([]);
  });
});
