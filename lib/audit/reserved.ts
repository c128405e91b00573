// Event types that Gatehouse itself writes: governance acts (kill, approval, policy change…)
// and decisions. The explorer, the detectors and auditors read them as Gatehouse's own word,
// so a client (an agent token, an integration token, a telemetry exporter) cannot send them:
// POST /api/v1/events rejects such an event in its 202 answer (API.md). The list is checked
// against the code by reserved.test.ts: every type written with actorKind "human" or "system",
// and the decision path's "decision".

/** Whole namespaces: `<namespace>.<anything>`. */
export const RESERVED_NAMESPACES = [
  "agent", // agent.kill, agent.resume, agent.retire, agent.register, agent.token.issue …
  "alert_webhook",
  "approval", // approval.approve, approval.deny, approval.cancel, approval.expire …
  "audit", // audit.export
  "auth", // auth.denied
  "budget",
  "change", // change.merged, change.gate_override
  "chat", // chat.link, chat.unlink (a chat user linked to a person)
  "chat_integration", // chat_integration.update
  "ci", // ci.gate_run
  "defect",
  "fleet",
  "integration_token",
  "person",
  "policy",
  "settings",
  "shadow_agent", // shadow_agent.block, shadow_agent.unblock
  "team",
  "violation",
] as const;

/** Exact types. */
export const RESERVED_TYPES = ["decision"] as const;

const NAMESPACES = new Set<string>(RESERVED_NAMESPACES);
const EXACT = new Set<string>(RESERVED_TYPES);

/** Whether clients are refused this event type (compared case-insensitively: `Agent.Kill` too). */
export function isReservedEventType(type: string): boolean {
  const t = type.toLowerCase();
  if (EXACT.has(t)) return true;
  const dot = t.indexOf(".");
  return dot > 0 && NAMESPACES.has(t.slice(0, dot));
}
