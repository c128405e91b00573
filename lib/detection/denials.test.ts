import { describe, expect, it } from "vitest";
import { makeContext } from "./types";
import { agent, normalSession, sequence } from "./fixtures";
import { classifyDenial, forbiddenAttemptDetector, persistenceDetector, scopeViolationDetector } from "./denials";

const ctx = makeContext({ agents: [agent()] });

describe("scope violation and forbidden attempt", () => {
  it("flags a denial outside the allowlist, with the resource in the explanation", () => {
    const ev = sequence();
    const events = [
      ev({
        type: "decision",
        actionType: "file.write",
        resource: "infra/prod/main.tf",
        decision: "deny",
        ruleId: "scope:path",
        payload: { reason: "path infra/prod/main.tf is outside the allowlist" },
      }),
    ];
    const hits = scopeViolationDetector.run(events, ctx);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: "scope_violation", severity: "medium", evidenceSeqs: [events[0].seq] });
    expect(hits[0].explanation).toContain("infra/prod/main.tf");
    expect(forbiddenAttemptDetector.run(events, ctx)).toHaveLength(0);
  });

  it("rates production scope violations high", () => {
    const ev = sequence();
    const e = ev({
      type: "decision",
      actionType: "deploy",
      environment: "production",
      decision: "deny",
      payload: { reason_code: "out_of_scope", reason: "environment not in scope" },
    });
    expect(scopeViolationDetector.run([e], ctx)[0].severity).toBe("high");
  });

  it("flags forbidden-tier attempts by tier or rule", () => {
    const ev = sequence();
    const events = [
      ev({
        type: "decision",
        actionType: "shell.exec",
        command: "rm -rf /",
        decision: "deny",
        ruleId: "forbid-rm-rf",
        payload: { tier: "forbidden", reason: "Destructive command" },
      }),
      ev({ type: "decision", actionType: "secret.read", resource: "vault:prod/db", decision: "deny", ruleId: "forbidden-secrets", payload: { reason: "x" } }),
    ];
    const hits = forbiddenAttemptDetector.run(events, ctx);
    expect(hits.map((h) => h.severity)).toEqual(["high", "high"]);
    expect(hits[0].explanation).toContain("forbid-rm-rf");
    expect(scopeViolationDetector.run(events, ctx)).toHaveLength(0);
  });

  it("stays quiet for allowed actions, approval denials and kill-switch denials", () => {
    const ev = sequence();
    const events = [
      ...normalSession(ev),
      ev({ type: "decision", actionType: "deploy", decision: "deny", ruleId: "gated-deploy", payload: { reason: "Approval expired (default deny)" } }),
      ev({ type: "decision", actionType: "file.write", decision: "deny", ruleId: "kill_switch", payload: { reason: "Agent is suspended" } }),
    ];
    expect(scopeViolationDetector.run(events, ctx)).toEqual([]);
    expect(forbiddenAttemptDetector.run(events, ctx)).toEqual([]);
    expect(classifyDenial(events.at(-1)!)).toBe("suspended");
  });
});

describe("classifyDenial on the policy engine's reasons", () => {
  const ev = sequence();
  const d = (reason: string, ruleId: string | null = null) => ev({ type: "decision", decision: "deny", ruleId, payload: { reason } });
  it("reads scope, forbidden and kill-switch denials", () => {
    expect(classifyDenial(d("Outside the agent's scope: path infra/x.tf is not in the allowlist"))).toBe("scope");
    expect(classifyDenial(d("Forbidden by rule no-force-push: force pushes rewrite history", "no-force-push"))).toBe("forbidden");
    expect(classifyDenial(d("The agent is suspended (kill switch)."))).toBe("suspended");
    expect(classifyDenial(d("The whole fleet is frozen (kill switch)."))).toBe("suspended");
    expect(classifyDenial(d("Approval request expired"))).toBe("other");
  });
});

describe("persistence anomaly", () => {
  const deny = (ev: ReturnType<typeof sequence>) =>
    ev({
      type: "decision",
      actionType: "git.push",
      command: "git push --force origin main",
      decision: "deny",
      ruleId: "forbid-force-push",
      payload: { tier: "forbidden" },
    });

  it("fires when the same denied operation is retried N times in the window, and escalates", () => {
    const ev = sequence(undefined, 30_000);
    const events = Array.from({ length: 6 }, () => deny(ev));
    const hits = persistenceDetector.run(events, ctx);
    // attempts 3, 4, 5, 6 each fire (grouped later into one violation)
    expect(hits).toHaveLength(4);
    expect(hits[0].evidenceSeqs).toEqual(events.slice(0, 3).map((e) => e.seq));
    expect(hits[0].severity).toBe("high");
    expect(hits.at(-1)!.severity).toBe("critical");
    expect(hits[0].explanation).toMatch(/retried the denied git.push git push --force origin main 3 times/);
  });

  it("honours configurable thresholds", () => {
    const ev = sequence(undefined, 30_000);
    const events = Array.from({ length: 3 }, () => deny(ev));
    const strict = makeContext({ agents: [agent()], thresholds: { persistenceCount: 5 } });
    expect(persistenceDetector.run(events, strict)).toEqual([]);
  });

  it("stays quiet for retries spread beyond the window or different operations", () => {
    const slow = sequence(undefined, 6 * 60_000); // every 6 min: never 3 inside 10 min
    expect(
      persistenceDetector.run(
        Array.from({ length: 5 }, () => deny(slow)),
        ctx,
      ),
    ).toEqual([]);
    const ev = sequence();
    const varied = ["a.ts", "b.ts", "c.ts"].map((f) =>
      ev({ type: "decision", actionType: "file.write", resource: `infra/${f}`, decision: "deny", ruleId: "scope:path" }),
    );
    expect(persistenceDetector.run(varied, ctx)).toEqual([]);
    expect(persistenceDetector.run(normalSession(sequence()), ctx)).toEqual([]);
  });
});
