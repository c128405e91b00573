// Gate-override violations raised by the changes domain: the evidence is an audit event
// recorded for the hit; the violation goes through the one writer (grouped by kind + agent).
import type { Db } from "@/db/client";
import { appendAuditEvents } from "@/lib/audit/record";
import { raiseViolations } from "@/lib/violations/raise";
import type { Severity } from "@/lib/violations/types";

export interface GateOverrideHit {
  agentId: string | null;
  agentSlug: string | null;
  severity: Severity;
  title: string;
  explanation: string;
  repository: string;
  resource: string;
  sessionId?: string | null;
  details: Record<string, unknown>;
  at?: Date;
}

/** Records the audit event and raises (or folds into) the gate_override violation. Call inside a transaction. */
export async function raiseGateOverride(tx: Db, hit: GateOverrideHit): Promise<{ violationId: string; created: boolean }> {
  const at = hit.at ?? new Date();
  const [event] = await appendAuditEvents(tx, [
    {
      actorKind: "system",
      type: "change.gate_override",
      agentId: hit.agentId,
      agentSlug: hit.agentSlug,
      sessionId: hit.sessionId ?? null,
      actionType: "pr.merge",
      repository: hit.repository,
      resource: hit.resource,
      outcome: "failure",
      payload: hit.details,
      time: at,
    },
  ]);
  const res = await raiseViolations(
    tx,
    [
      {
        kind: "gate_override",
        severity: hit.severity,
        agentId: hit.agentId,
        agentSlug: hit.agentSlug,
        title: hit.title,
        explanation: hit.explanation,
        evidenceSeqs: [event.seq],
        details: hit.details,
        at,
      },
    ],
    { alert: true },
  );
  return { violationId: res.ids[0], created: res.created.length > 0 };
}
