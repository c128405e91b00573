import type { ApprovalListRow } from "./queries";
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
  };
}

const CSV_COLUMNS: (keyof ApprovalItem)[] = ["id", "createdAt", "status", "agentSlug", "sponsor", "initiatedBy", "actionType", "resource", "command", "justification", "ruleId", "policyVersion", "risk", "decidedBy", "decidedAt", "reason", "expiresAt"];

export function toCsv(items: ApprovalItem[]): string {
  return toCsvDocument(CSV_COLUMNS, items.map((i) => CSV_COLUMNS.map((c) => i[c])));
}
