import type { ApprovalListRow } from "./queries";
import type { ApproverSnapshot } from "./eligibility";
import { toCsv as toCsvDocument } from "@/lib/util/csv";

/** What the queue and history show per request (plain JSON for client components). */
export interface ApprovalItem {
  id: string;
  agentId: string;
  agentSlug: string;
  agentName: string;
  agentStatus: string;
  agentKind: string;
  sponsor: string | null;
  sessionId: string | null;
  initiatedBy: string | null;
  actionType: string;
  action: Record<string, unknown>;
  resource: string | null;
  command: string | null;
  justification: string | null;
  ruleId: string | null;
  policyVersion: string | null;
  risk: number;
  status: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  expiresAt: string;
  createdAt: string;
  seq: number;
  /** the rule's named approvers, recorded with the request; null = anyone who may decide approvals */
  approvers: ApproverSnapshot | null;
  approvalsRequired: number;
  /** distinct approvals so far */
  approvals: number;
  escalatedAt: string | null;
  /** when the escalation group becomes eligible (null without an escalation) */
  escalatesAt: string | null;
  /** for the viewer (listPendingFor): may they decide it, and why not */
  mayDecide?: boolean;
  eligibility?: string | null;
}

export function toItem(r: ApprovalListRow): ApprovalItem {
  return {
    id: r.id,
    agentId: r.agentId,
    agentSlug: r.agentSlug,
    agentName: r.agentName,
    agentStatus: r.agentStatus,
    agentKind: r.agentKind,
    sponsor: r.sponsorEmail,
    sessionId: r.sessionId,
    initiatedBy: r.initiatedBy,
    actionType: r.actionType,
    action: (r.action ?? {}) as Record<string, unknown>,
    resource: r.resource,
    command: r.command,
    justification: r.justification,
    ruleId: r.ruleId,
    policyVersion: r.policyVersion,
    risk: r.risk,
    status: r.status,
    decidedBy: r.decidedByLabel,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    seq: r.seq,
    approvers: (r.approvers ?? null) as ApproverSnapshot | null,
    approvalsRequired: r.approvalsRequired,
    approvals: r.approvals,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    escalatesAt: escalatesAt(r),
  };
}

function escalatesAt(r: ApprovalListRow): string | null {
  const after = (r.approvers as ApproverSnapshot | null)?.escalation?.after_seconds;
  return after ? new Date(r.createdAt.getTime() + after * 1000).toISOString() : null;
}

const CSV_COLUMNS: (keyof ApprovalItem)[] = [
  "id",
  "createdAt",
  "status",
  "agentSlug",
  "sponsor",
  "initiatedBy",
  "actionType",
  "resource",
  "command",
  "justification",
  "ruleId",
  "policyVersion",
  "risk",
  "decidedBy",
  "decidedAt",
  "reason",
  "expiresAt",
];

export function toCsv(items: ApprovalItem[]): string {
  return toCsvDocument(
    CSV_COLUMNS,
    items.map((i) => CSV_COLUMNS.map((c) => i[c])),
  );
}
