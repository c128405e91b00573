// Who is acting: shadow (unregistered) agents, expired/revoked credentials, and agents that
// keep acting after they were suspended or retired.
import type { Detector, ViolationHit } from "./types";
import { agentLabel, describeAction, groupBy, isAgentEvent, isDenied, pick, str } from "./util";

/**
 * The auth layer's record of a refused machine credential (documented in README.md):
 * type "auth.denied", actorKind "system", agentId/agentSlug when the token belonged to a
 * known agent, payload {reason: "expired"|"revoked"|"unknown"|"agent_suspended"|"agent_retired",
 * token_prefix, token_kind: "agent"|"integration", path, ip}.
 */
export const AUTH_DENIED = "auth.denied";

function authReason(e: { payload: unknown }): string {
  return str(pick(e.payload, "reason")) ?? "";
}

/** Events naming an agent that is not in the registry, and unknown token prefixes. One hit per session. */
export const shadowAgentDetector: Detector = {
  kind: "shadow_agent",
  run(events, ctx) {
    const hits: ViolationHit[] = [];
    const candidates = events.filter((e) => !e.agentId && !!e.agentSlug && !ctx.knownSlugs.has(e.agentSlug) && (isAgentEvent(e) || e.type === "commit"));
    const bySession = groupBy(candidates, (e) => `${e.agentSlug}|${e.sessionId ?? `seq:${e.seq}`}`);
    for (const list of bySession.values()) {
      const e = list[0];
      const source = e.type === "commit" ? "commit attribution" : "events";
      hits.push({
        kind: "shadow_agent",
        severity: "high",
        agentId: null,
        agentSlug: e.agentSlug,
        title: "Unregistered agent seen",
        explanation: `"${e.agentSlug}" is not in the registry but appears in ${source} (${describeAction(e)}); register or block it.`,
        evidenceSeqs: [e.seq],
        details: { identifier: e.agentSlug, source, session_id: e.sessionId },
        at: e.time,
      });
    }
    for (const e of events) {
      if (e.type !== AUTH_DENIED || authReason(e) !== "unknown") continue;
      const prefix = str(pick(e.payload, "token_prefix"));
      if (!prefix) continue;
      hits.push({
        kind: "shadow_agent",
        severity: "medium",
        agentId: null,
        agentSlug: null,
        groupKey: `shadow_agent:token:${prefix}`,
        title: "Unknown token presented",
        explanation: `A token with prefix ${prefix}… that Gatehouse never issued was presented to ${str(pick(e.payload, "path")) ?? "the API"}.`,
        evidenceSeqs: [e.seq],
        details: { token_prefix: prefix, ip: pick(e.payload, "ip") ?? null },
        at: e.time,
      });
    }
    return hits;
  },
};

export const credentialMisuseDetector: Detector = {
  kind: "credential_misuse",
  run(events, ctx) {
    return events
      .filter((e) => e.type === AUTH_DENIED && ["expired", "revoked"].includes(authReason(e)))
      .map((e): ViolationHit => {
        const reason = authReason(e);
        const prefix = str(pick(e.payload, "token_prefix"));
        const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
        return {
          kind: "credential_misuse",
          // A revoked token in use means someone kept a credential that was taken away on purpose.
          severity: reason === "revoked" ? "high" : "medium",
          agentId: e.agentId,
          agentSlug: e.agentSlug,
          title: `${reason === "revoked" ? "Revoked" : "Expired"} credential used`,
          explanation: `A ${reason} ${str(pick(e.payload, "token_kind")) ?? "agent"} token${prefix ? ` (${prefix}…)` : ""} of ${label} was presented to ${str(pick(e.payload, "path")) ?? "the API"} and refused.`,
          evidenceSeqs: [e.seq],
          details: { reason, token_prefix: prefix ?? null },
          at: e.time,
        };
      });
  },
};

export const suspendedActivityDetector: Detector = {
  kind: "suspended_agent_activity",
  run(events, ctx) {
    const hits: ViolationHit[] = [];
    for (const e of events) {
      if (!e.agentId) continue;
      const agent = ctx.agents.get(e.agentId);
      if (!agent || agent.status === "active" || !agent.statusChangedAt) continue;
      if (e.time.getTime() <= agent.statusChangedAt.getTime()) continue;
      const fromAgent = isAgentEvent(e) || (e.type === AUTH_DENIED && /^agent_(suspended|retired)$/.test(authReason(e)));
      // The harness reporting its session closing is the kill working, not misbehaviour.
      if (!fromAgent || e.type === "session.end") continue;
      const succeeded = !isDenied(e) && e.type !== AUTH_DENIED && (e.outcome === "success" || e.decision === "allow");
      hits.push({
        kind: "suspended_agent_activity",
        severity: succeeded ? "critical" : "high",
        agentId: e.agentId,
        agentSlug: e.agentSlug ?? agent.slug,
        title: `Activity from a ${agent.status} agent`,
        explanation: `${agent.slug} is ${agent.status} since ${agent.statusChangedAt.toISOString()} but still ${succeeded ? "completed" : "attempted"} ${describeAction(e)}.`,
        evidenceSeqs: [e.seq],
        details: { status: agent.status, status_changed_at: agent.statusChangedAt.toISOString() },
        at: e.time,
      });
    }
    return hits;
  },
};
