import { describe, expect, it } from "vitest";
import { makeContext } from "./types";
import { AGENT_ID, agent, normalSession, sequence } from "./fixtures";
import { credentialMisuseDetector, shadowAgentDetector, suspendedActivityDetector } from "./identity";

describe("shadow agent", () => {
  const ctx = makeContext({ agents: [agent()] });
  it("fires once per session for an unregistered agent slug, and for unknown token prefixes", () => {
    const ev = sequence();
    const shadow = { agentId: null, agentSlug: "devin-experiment", sessionId: "s-x" };
    const events = [
      ev({ ...shadow, type: "session.start" }),
      ev({ ...shadow, type: "tool.pre", actionType: "shell.exec", command: "ls" }),
      ev({ ...shadow, sessionId: "s-y", type: "tool.pre", actionType: "file.read", resource: "README.md" }),
      ev({
        type: "auth.denied",
        actorKind: "system",
        agentId: null,
        agentSlug: null,
        payload: { reason: "unknown", token_prefix: "gat_zz9", path: "/api/v1/events" },
      }),
    ];
    const hits = shadowAgentDetector.run(events, ctx);
    expect(hits.map((h) => h.groupKey ?? `${h.kind}:${h.agentSlug}`)).toEqual([
      "shadow_agent:devin-experiment",
      "shadow_agent:devin-experiment",
      "shadow_agent:token:gat_zz9",
    ]);
    expect(hits[0].explanation).toContain('"devin-experiment" is not in the registry');
  });
  it("stays quiet for registered agents, even when an event carries only the slug", () => {
    const ev = sequence();
    const events = [...normalSession(ev), ev({ agentId: null, agentSlug: "payments-refactor-bot", type: "commit" })];
    expect(shadowAgentDetector.run(events, ctx)).toEqual([]);
  });
});

describe("expired or revoked credential", () => {
  const ctx = makeContext({ agents: [agent()] });
  it("fires on auth.denied expired/revoked, revoked rated higher", () => {
    const ev = sequence();
    const events = [
      ev({
        type: "auth.denied",
        actorKind: "system",
        payload: { reason: "revoked", token_prefix: "gat_ab12", token_kind: "agent", path: "/api/v1/decisions" },
      }),
      ev({ type: "auth.denied", actorKind: "system", payload: { reason: "expired", token_prefix: "gat_cd34", token_kind: "agent" } }),
    ];
    const hits = credentialMisuseDetector.run(events, ctx);
    expect(hits.map((h) => h.severity)).toEqual(["high", "medium"]);
    expect(hits[0].explanation).toContain("revoked agent token (gat_ab12…) of payments-refactor-bot");
  });
  it("stays quiet for other refusals and normal traffic", () => {
    const ev = sequence();
    const events = [...normalSession(ev), ev({ type: "auth.denied", actorKind: "system", payload: { reason: "unknown" } })];
    expect(credentialMisuseDetector.run(events, ctx)).toEqual([]);
  });
});

describe("activity of a suspended or retired agent", () => {
  const killedAt = new Date("2026-11-20T09:02:00Z");
  const ctx = makeContext({ agents: [agent({ status: "suspended", statusChangedAt: killedAt })] });
  it("fires for agent events after the kill; critical when the action succeeded", () => {
    const ev = sequence(new Date("2026-11-20T09:01:00Z"), 30_000);
    const before = ev({ type: "tool.post", actionType: "file.write", outcome: "success" }); // 09:01:30
    ev({ type: "noop" }); // 09:02:00
    const after1 = ev({ type: "decision", actionType: "file.write", decision: "deny", ruleId: "kill_switch" });
    const after2 = ev({ type: "tool.post", actionType: "shell.exec", command: "git push", outcome: "success" });
    const end = ev({ type: "session.end" });
    const kill = ev({ type: "agent.kill", actorKind: "human", agentId: AGENT_ID });
    const hits = suspendedActivityDetector.run([before, after1, after2, end, kill], ctx);
    expect(hits.map((h) => [h.evidenceSeqs[0], h.severity])).toEqual([
      [after1.seq, "high"],
      [after2.seq, "critical"],
    ]);
  });
  it("stays quiet for active agents", () => {
    const active = makeContext({ agents: [agent()] });
    expect(suspendedActivityDetector.run(normalSession(sequence()), active)).toEqual([]);
  });
});
