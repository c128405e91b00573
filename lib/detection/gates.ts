// Gate override / auto-merge of a security-adjacent change, from the changes domain's events.
import type { Detector, ViolationHit } from "./types";
import { pick, str } from "./util";

/**
 * type "change.merged", payload {repository?, pull_request?, title?, security_adjacent: boolean,
 * human_approved: boolean, missing_gates: string[], overridden_gates?: string[]}.
 */
export const CHANGE_MERGED = "change.merged";

export const gateOverrideDetector: Detector = {
  kind: "gate_override",
  run(events) {
    const hits: ViolationHit[] = [];
    for (const e of events) {
      if (e.type !== CHANGE_MERGED) continue;
      const sec = pick(e.payload, "security_adjacent") === true;
      const approved = pick(e.payload, "human_approved") === true;
      const missing = [pick(e.payload, "missing_gates"), pick(e.payload, "overridden_gates")].flatMap((v) => (Array.isArray(v) ? v : [])).map(String);
      if (!(sec && !approved) && missing.length === 0) continue;
      const pr = pick(e.payload, "pull_request");
      const repo = str(pick(e.payload, "repository")) ?? e.repository ?? "a repository";
      const change = `${repo}${pr !== undefined ? `#${pr}` : ""}`;
      const who = e.agentSlug ? ` by ${e.agentSlug}` : "";
      const parts = [
        sec && !approved ? "security-adjacent change merged without human approval" : null,
        missing.length ? `gates not passed: ${missing.join(", ")}` : null,
      ].filter(Boolean);
      hits.push({
        kind: "gate_override",
        severity: sec ? "critical" : "high",
        agentId: e.agentId,
        agentSlug: e.agentSlug,
        groupKey: `gate_override:${e.agentId ?? e.agentSlug ?? repo}`,
        title: sec ? "Security-adjacent change merged past its gates" : "Change merged with gates overridden",
        explanation: `${change}${who}: ${parts.join("; ")}.`,
        evidenceSeqs: [e.seq],
        details: { repository: repo, pull_request: pr ?? null, security_adjacent: sec, human_approved: approved, missing_gates: missing },
        at: e.time,
      });
    }
    return hits;
  },
};
