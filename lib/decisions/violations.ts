import type { Db } from "@/db/client";
import { raiseViolations } from "@/lib/violations/raise";
import type { Severity } from "@/lib/violations/types";

export interface ViolationInput {
  kind: "forbidden_attempt" | "scope_violation" | (string & {});
  severity: Severity;
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  /** what went wrong more precisely (the rule, the scope dimension); kept in details */
  group: string;
  details?: unknown;
  /** the audit event that is the evidence */
  eventSeq?: number;
  at?: Date;
}

/**
 * A decision-time violation (forbidden and out-of-scope attempts), raised in the decision's own
 * transaction through the one violation writer, so it groups with what the detectors and the
 * demo data raise (kind + agent), and a new high/critical one is alerted. Its evidence, the
 * decision's audit event, is linked with `linkEvidence` once that event is appended: the
 * writer raises violations before the append, so the chain head's lock is not held while they
 * are written (lib/decisions/writer.ts). Returns the violation's id (created or folded into).
 */
export async function recordViolation(tx: Db, v: ViolationInput): Promise<string> {
  const res = await raiseViolations(
    tx,
    [
      {
        kind: v.kind,
        severity: v.severity,
        agentId: v.agentId,
        agentSlug: v.agentSlug,
        title: v.title,
        explanation: v.explanation,
        evidenceSeqs: v.eventSeq !== undefined ? [v.eventSeq] : [],
        details: { ...(v.details && typeof v.details === "object" ? (v.details as Record<string, unknown>) : {}), group: v.group },
        at: v.at,
      },
    ],
    { alert: true },
  );
  return res.ids[0];
}
