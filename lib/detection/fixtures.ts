// Builders for realistic event sequences in detector tests (and the rescan test's synthetic history).
import type { AgentContext, DetectionEvent } from "./types";

export const AGENT_ID = "11111111-1111-4111-8111-111111111111";

export function agent(over: Partial<AgentContext> = {}): AgentContext {
  return {
    id: AGENT_ID,
    slug: "payments-refactor-bot",
    status: "active",
    statusChangedAt: null,
    role: "refactoring",
    kind: "claude_code",
    scope: [
      { dimension: "repository", pattern: "acme/payments" },
      { dimension: "path", pattern: "src/**" },
      { dimension: "endpoint", pattern: "https://registry.npmjs.org" },
      { dimension: "endpoint", pattern: "https://*.github.com/**" },
    ],
    ...over,
  };
}

/** A sequence builder: each call is one event `stepMs` after the previous one. */
export function sequence(start = new Date("2026-11-20T09:00:00Z"), stepMs = 20_000) {
  let seq = 1000;
  let t = start.getTime();
  return (over: Partial<DetectionEvent>): DetectionEvent => {
    seq += 1;
    t += stepMs;
    return {
      seq,
      time: new Date(t),
      type: "tool.pre",
      actorKind: "agent",
      agentId: AGENT_ID,
      agentSlug: "payments-refactor-bot",
      sessionId: "sess-1",
      actionType: null,
      tool: null,
      resource: null,
      command: null,
      decision: null,
      ruleId: null,
      outcome: null,
      payload: null,
      redactions: 0,
      ...over,
    };
  };
}

/** A well-behaved refactoring session: reads, edits, tests, an allowed npm install, a commit. */
export function normalSession(ev: ReturnType<typeof sequence>, sessionId = "sess-normal"): DetectionEvent[] {
  const s = { sessionId };
  return [
    ev({ ...s, type: "session.start" }),
    ev({ ...s, type: "decision", actionType: "file.read", tool: "Read", resource: "src/payments/ledger.ts", decision: "allow", ruleId: "read-src" }),
    ev({ ...s, type: "tool.post", actionType: "file.read", tool: "Read", resource: "src/payments/ledger.ts", outcome: "success" }),
    ev({ ...s, type: "decision", actionType: "file.write", tool: "Edit", resource: "src/payments/ledger.ts", decision: "allow", ruleId: "write-src" }),
    ev({ ...s, type: "tool.post", actionType: "file.write", tool: "Edit", resource: "src/payments/ledger.ts", outcome: "success" }),
    ev({ ...s, type: "decision", actionType: "shell.exec", tool: "Bash", command: "npm test", decision: "allow", ruleId: "tests" }),
    ev({ ...s, type: "tool.post", actionType: "shell.exec", tool: "Bash", command: "npm test", outcome: "success", payload: { stdout: "42 passing" } }),
    ev({
      ...s,
      type: "tool.post",
      actionType: "network.request",
      tool: "WebFetch",
      outcome: "success",
      payload: { tool_input: { url: "https://registry.npmjs.org/zod" } },
    }),
    // One denial is normal (policy working); it takes repetition to be an anomaly.
    ev({
      ...s,
      type: "decision",
      actionType: "git.push",
      command: "git push origin main",
      decision: "deny",
      ruleId: "no-push-main",
      payload: { reason: "Pushing to main needs a pull request" },
    }),
    ev({ ...s, type: "commit", actionType: "git.commit", resource: "abc123", outcome: "success" }),
    ev({ ...s, type: "session.end" }),
  ];
}
