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
 * Decision-time violations (forbidden and out-of-scope attempts), raised in the decision's
 * own transaction through the one violation writer, so they group with what the detectors
 * and the demo data raise (kind + agent), and new high/critical ones are alerted.
 */
export async function recordViolations(tx: Db, inputs: ViolationInput[]) {
  await raiseViolations(
    tx,
    inputs.map((v) => ({
      kind: v.kind,
      severity: v.severity,
      agentId: v.agentId,
      agentSlug: v.agentSlug,
      title: v.title,
      explanation: v.explanation,
      evidenceSeqs: v.eventSeq !== undefined ? [v.eventSeq] : [],
      details: { ...(v.details && typeof v.details === "object" ? (v.details as Record<string, unknown>) : {}), group: v.group },
      at: v.at,
    })),
    { alert: true },
  );
}
