// Secret exposure (redaction happened) and secret handling (secret read, then the network).
import type { Detector, ViolationHit } from "./types";
import { agentLabel, describeAction, endpointOf, groupBy, isDenied, isNetworkCall, isSecretRead, truncate } from "./util";

export const secretExposureDetector: Detector = {
  kind: "secret_exposure",
  run(events, ctx) {
    return events
      .filter((e) => e.redactions > 0)
      .map((e): ViolationHit => {
        const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
        return {
          kind: "secret_exposure",
          severity: "high",
          agentId: e.agentId,
          agentSlug: e.agentSlug,
          title: "Secret found in agent activity",
          explanation: `${e.redactions} secret${e.redactions === 1 ? "" : "s"} redacted from ${label}'s ${e.type} event (${describeAction(e)}); rotate ${e.redactions === 1 ? "it" : "them"}.`,
          evidenceSeqs: [e.seq],
          details: { redactions: e.redactions, event_type: e.type },
          at: e.time,
        };
      });
  },
};

/**
 * Reading a secret store / .env and then calling the network in the same session. One hit
 * per session (the first network call after the first secret read), so a chatty session does
 * not inflate the count.
 */
export const secretHandlingDetector: Detector = {
  kind: "secret_handling",
  run(events, ctx) {
    const hits: ViolationHit[] = [];
    for (const list of groupBy(events, (e) => e.sessionId).values()) {
      const read = list.find((e) => isSecretRead(e) && !isDenied(e));
      if (!read) continue;
      const call = list.find((e) => e.seq > read.seq && isNetworkCall(e));
      if (!call) continue;
      const label = agentLabel(call, call.agentId ? ctx.agents.get(call.agentId) : undefined);
      const target = endpointOf(call) ?? call.command ?? "the network";
      hits.push({
        kind: "secret_handling",
        severity: isDenied(call) ? "high" : "critical",
        agentId: call.agentId ?? read.agentId,
        agentSlug: call.agentSlug ?? read.agentSlug,
        title: "Secret read, then a network call",
        explanation: `${label} read ${truncate(read.resource ?? read.command ?? "a secret", 60)} and then called ${truncate(target, 60)} in the same session${isDenied(call) ? " (the call was denied)" : ""}.`,
        evidenceSeqs: [read.seq, call.seq],
        details: { session_id: call.sessionId, secret: read.resource ?? read.command, endpoint: endpointOf(call) ?? null },
        at: call.time,
      });
    }
    return hits;
  },
};
