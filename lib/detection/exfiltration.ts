// Data-exfiltration indicators: big outbound payloads or outputs, endpoints outside the
// allowlist, and many file reads followed by one network call.
import type { Detector, ViolationHit } from "./types";
import {
  agentLabel,
  commandOutputSize,
  endpointAllowed,
  endpointOf,
  formatBytes,
  groupBy,
  isDenied,
  isFileRead,
  isNetworkCall,
  outboundSize,
  truncate,
} from "./util";

export const exfiltrationDetector: Detector = {
  kind: "exfiltration",
  run(events, ctx) {
    const t = ctx.thresholds;
    const hits: ViolationHit[] = [];
    for (const e of events) {
      const agent = e.agentId ? ctx.agents.get(e.agentId) : undefined;
      const label = agentLabel(e, agent);
      const base = { kind: "exfiltration", agentId: e.agentId, agentSlug: e.agentSlug, at: e.time } as const;
      if (isNetworkCall(e) && !isDenied(e)) {
        const size = outboundSize(e);
        const endpoint = endpointOf(e);
        if (size > t.outboundBytes) {
          hits.push({
            ...base,
            severity: "high",
            title: "Large outbound transfer",
            explanation: `${label} sent ${formatBytes(size)} to ${truncate(endpoint ?? "an external endpoint", 60)} (threshold ${formatBytes(t.outboundBytes)}).`,
            evidenceSeqs: [e.seq],
            details: { indicator: "outbound_size", bytes: size, endpoint: endpoint ?? null },
          });
        }
        // Only registered agents have an allowlist; an unregistered one is a shadow agent already.
        if (agent && endpoint && /^https?:\/\//i.test(endpoint)) {
          const allowed = agent.scope.filter((s) => s.dimension === "endpoint").map((s) => s.pattern);
          if (!endpointAllowed(endpoint, allowed)) {
            hits.push({
              ...base,
              severity: "high",
              title: "Request to an endpoint outside the allowlist",
              explanation: `${label} reached ${truncate(endpoint, 80)}, which is not in its endpoint allowlist.`,
              evidenceSeqs: [e.seq],
              details: { indicator: "endpoint_outside_allowlist", endpoint },
            });
          }
        }
      }
      const out = e.command ? commandOutputSize(e) : 0;
      if (out > t.commandOutputBytes) {
        hits.push({
          ...base,
          severity: "medium",
          title: "Very large command output",
          explanation: `${label}'s command \`${truncate(e.command ?? "", 50)}\` produced ${formatBytes(out)} of output (threshold ${formatBytes(t.commandOutputBytes)}).`,
          evidenceSeqs: [e.seq],
          details: { indicator: "command_output_size", bytes: out },
        });
      }
    }
    // Many reads, then the first network call: one hit per session.
    for (const list of groupBy(events, (e) => e.sessionId).values()) {
      const reads: number[] = [];
      for (const e of list) {
        if (isFileRead(e) && !isDenied(e)) reads.push(e.seq);
        else if (isNetworkCall(e) && reads.length >= t.bulkReadCount) {
          const label = agentLabel(e, e.agentId ? ctx.agents.get(e.agentId) : undefined);
          hits.push({
            kind: "exfiltration",
            severity: "high",
            agentId: e.agentId,
            agentSlug: e.agentSlug,
            title: "Many files read, then a network call",
            explanation: `${label} read ${reads.length} files and then called ${truncate(endpointOf(e) ?? e.command ?? "the network", 60)} in the same session.`,
            // The call and the last reads are the evidence that matters; all reads would bloat it.
            evidenceSeqs: [...reads.slice(-10), e.seq],
            details: { indicator: "bulk_read_then_network", reads: reads.length, session_id: e.sessionId },
            at: e.time,
          });
          break;
        }
      }
    }
    return hits;
  },
};
