// Scope violations, forbidden-tier attempts and persistence anomalies, from decision events.
import type { Severity } from "@/lib/violations/types";
import type { DetectionEvent, Detector, ViolationHit } from "./types";
import { agentLabel, describeAction, groupBy, isDecision, pick, str } from "./util";

export type DenialClass = "scope" | "forbidden" | "suspended" | "other";

function reasonOf(e: DetectionEvent): string {
  return str(pick(e.payload, "reason")) ?? str(pick(e.payload, "decision", "reason")) ?? "";
}

/**
 * Why a decision event was a denial. The decision writer records `rule_id` and, in the
 * payload, `reason` (and optionally `tier` / `reason_code`); see lib/detection/README.md.
 */
export function classifyDenial(e: DetectionEvent): DenialClass {
  const rule = (e.ruleId ?? "").toLowerCase();
  const code = String(pick(e.payload, "reason_code") ?? pick(e.payload, "tier") ?? "").toLowerCase();
  const reason = reasonOf(e);
  if (/^(kill_switch|agent_suspended|agent_retired|fleet_freeze)/.test(rule) || /^(agent_suspended|agent_retired|fleet_frozen|killed)$/.test(code))
    return "suspended";
  if (code === "forbidden" || rule.startsWith("forbidden") || /\bforbidden\b/i.test(reason)) return "forbidden";
  if (
    code === "out_of_scope" ||
    code === "scope" ||
    rule.startsWith("scope") ||
    /\b(out of scope|outside (the|its|the agent's) (allowlist|scope)|allowlist|not in scope)\b/i.test(reason)
  )
    return "scope";
  if (/suspended|retired|kill switch|fleet freeze/i.test(reason)) return "suspended";
  return "other";
}

function deniedDecisions(events: DetectionEvent[]) {
  return events.filter((e) => isDecision(e) && e.decision === "deny");
}

function denialHit(e: DetectionEvent, kind: string, severity: Severity, title: string, why: string, label: string): ViolationHit {
  return {
    kind,
    severity,
    agentId: e.agentId,
    agentSlug: e.agentSlug,
    title,
    explanation: `${label} tried ${describeAction(e)} — ${why}.`,
    evidenceSeqs: [e.seq],
    details: { rule_id: e.ruleId, action_type: e.actionType, resource: e.resource ?? e.command ?? null, reason: reasonOf(e) || null },
    at: e.time,
  };
}

export const scopeViolationDetector: Detector = {
  kind: "scope_violation",
  run(events, ctx) {
    return deniedDecisions(events)
      .filter((e) => classifyDenial(e) === "scope")
      .map((e) => {
        const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
        // Reaching for production outside the allowlist is worse than a stray path.
        const sev: Severity = /^prod/i.test(e.environment ?? "") ? "high" : "medium";
        return denialHit(e, "scope_violation", sev, "Action outside the agent's allowlist", "outside its allowlist, denied", label);
      });
  },
};

export const forbiddenAttemptDetector: Detector = {
  kind: "forbidden_attempt",
  run(events, ctx) {
    return deniedDecisions(events)
      .filter((e) => classifyDenial(e) === "forbidden")
      .map((e) => {
        const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
        const rule = e.ruleId ? `rule ${e.ruleId} forbids it` : "a forbidden-tier action";
        return denialHit(e, "forbidden_attempt", "high", "Forbidden action attempted", rule, label);
      });
  },
};

/** The same denied operation (action type + resource/command) retried N times inside the window. */
export const persistenceDetector: Detector = {
  kind: "persistence_anomaly",
  run(events, ctx) {
    const { persistenceCount: n, persistenceWindowMs: w } = ctx.thresholds;
    const hits: ViolationHit[] = [];
    const denied = deniedDecisions(events).filter((e) => classifyDenial(e) !== "suspended");
    const byOp = groupBy(denied, (e) => `${e.agentId ?? e.agentSlug}|${e.actionType}|${e.resource ?? e.command ?? ""}`);
    for (const list of byOp.values()) {
      let start = 0;
      for (let i = 0; i < list.length; i++) {
        while (list[i].time.getTime() - list[start].time.getTime() > w) start++;
        const count = i - start + 1;
        if (count < n) continue;
        const e = list[i];
        const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
        const minutes = Math.max(1, Math.round((e.time.getTime() - list[start].time.getTime()) / 60000));
        hits.push({
          kind: "persistence_anomaly",
          severity: count >= 2 * n ? "critical" : "high",
          agentId: e.agentId,
          agentSlug: e.agentSlug,
          title: "Denied operation retried repeatedly",
          explanation: `${label} retried the denied ${describeAction(e)} ${count} times in ${minutes} min instead of stopping.`,
          evidenceSeqs: list.slice(start, i + 1).map((x) => x.seq),
          details: { attempts: count, window_ms: w, action_type: e.actionType },
          at: e.time,
        });
      }
    }
    return hits;
  },
};
