// Export formats for SIEMs. Pure: rows in, text out.
import type { AuditEvent } from "@/db/schema";
import { csvLine } from "@/lib/util/csv";

/** The public shape of an audit event (snake_case, like API.md). */
export function publicEvent(e: AuditEvent) {
  return {
    seq: e.seq,
    id: e.id,
    client_id: e.clientId,
    time: e.time.toISOString(),
    received_at: e.receivedAt.toISOString(),
    actor_kind: e.actorKind,
    type: e.type,
    agent_id: e.agentId,
    agent: e.agentSlug,
    actor_user_id: e.actorUserId,
    actor: e.actorLabel,
    initiated_by: e.initiatedBy,
    session_id: e.sessionId,
    action: {
      type: e.actionType,
      tool: e.tool,
      repository: e.repository,
      branch: e.branch,
      environment: e.environment,
      resource: e.resource,
      command: e.command,
      endpoint: e.endpoint,
    },
    decision: e.decision,
    decision_id: e.decisionId,
    rule_id: e.ruleId,
    policy_version: e.policyVersion,
    approval_id: e.approvalId,
    outcome: e.outcome,
    rollback_ref: e.rollbackRef,
    payload: e.payload,
    redactions: e.redactions,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

export const toJsonLine = (e: AuditEvent) => JSON.stringify(publicEvent(e)) + "\n";

export const CSV_COLUMNS = [
  "seq",
  "id",
  "time",
  "actor_kind",
  "type",
  "agent",
  "agent_id",
  "actor",
  "initiated_by",
  "session_id",
  "action_type",
  "tool",
  "repository",
  "branch",
  "environment",
  "resource",
  "command",
  "endpoint",
  "decision",
  "rule_id",
  "policy_version",
  "approval_id",
  "outcome",
  "rollback_ref",
  "redactions",
  "payload",
  "hash",
] as const;

export const csvHeader = () => csvLine(CSV_COLUMNS);

export function toCsvLine(e: AuditEvent): string {
  const row: Record<(typeof CSV_COLUMNS)[number], unknown> = {
    seq: e.seq,
    id: e.id,
    time: e.time,
    actor_kind: e.actorKind,
    type: e.type,
    agent: e.agentSlug,
    agent_id: e.agentId,
    actor: e.actorLabel,
    initiated_by: e.initiatedBy,
    session_id: e.sessionId,
    action_type: e.actionType,
    tool: e.tool,
    repository: e.repository,
    branch: e.branch,
    environment: e.environment,
    resource: e.resource,
    command: e.command,
    endpoint: e.endpoint,
    decision: e.decision,
    rule_id: e.ruleId,
    policy_version: e.policyVersion,
    approval_id: e.approvalId,
    outcome: e.outcome,
    rollback_ref: e.rollbackRef,
    redactions: e.redactions,
    payload: e.payload,
    hash: e.hash,
  };
  return csvLine(CSV_COLUMNS.map((c) => row[c]));
}

// ---- OCSF 1.3 ----
// Agent lifecycle, kill and scope changes are IAM Account Change (3001) on the agent's
// account; everything else an agent or person does is Application API Activity (6003).
// OCSF's `ai_agent_activity` class exists only on the schema's development branch (not in a
// release we could confirm), so agent details travel in `unmapped` until it ships.
const OCSF_VERSION = "1.3.0";

function accountChangeActivity(type: string): { id: number; name: string } | null {
  if (!/^(agent|agents|fleet)\./.test(type)) return null;
  if (/\.(create|register)(d)?$/.test(type)) return { id: 1, name: "Create" };
  if (/\.(resume|unfreeze|enable)(d)?$/.test(type)) return { id: 2, name: "Enable" };
  if (/\.(kill|suspend|freeze|disable)(ed)?$/.test(type)) return { id: 5, name: "Disable" };
  if (/\.(retire|delete)(d)?$/.test(type)) return { id: 6, name: "Delete" };
  if (/scope/.test(type)) return { id: 7, name: "Attach Policy" };
  return { id: 99, name: "Other" };
}

function apiActivity(e: AuditEvent): { id: number; name: string } {
  const t = `${e.actionType ?? ""} ${e.type}`;
  if (/\b(file\.write|pr\.open|git\.push|deploy|create)\b/.test(t)) return { id: 1, name: "Create" };
  if (/\b(file\.read|secret\.read|read)\b/.test(t)) return { id: 2, name: "Read" };
  if (/\b(update|merge|dependency\.change)\b/.test(t)) return { id: 3, name: "Update" };
  if (/\bdelete\b/.test(t)) return { id: 4, name: "Delete" };
  return { id: 99, name: "Other" };
}

function status(e: AuditEvent) {
  if (e.outcome === "success") return { status_id: 1, status: "Success" };
  if (e.outcome === "failure" || e.outcome === "blocked") return { status_id: 2, status: "Failure" };
  return { status_id: 0, status: "Unknown" };
}

function severity(e: AuditEvent) {
  if (e.redactions > 0) return { severity_id: 4, severity: "High" };
  if (e.decision === "deny" || e.outcome === "blocked") return { severity_id: 3, severity: "Medium" };
  return { severity_id: 1, severity: "Informational" };
}

export function toOcsf(e: AuditEvent): Record<string, unknown> {
  const actor = {
    user:
      e.actorKind === "human"
        ? { uid: e.actorUserId ?? undefined, name: e.actorLabel ?? undefined, type: "User", type_id: 1 }
        : { uid: e.agentId ?? e.agentSlug ?? undefined, name: e.agentSlug ?? e.actorLabel ?? undefined, type: "Other", type_id: 99 },
    session: e.sessionId ? { uid: e.sessionId } : undefined,
    invoked_by: e.initiatedBy ?? undefined,
  };
  const common = {
    time: e.time.getTime(),
    metadata: {
      version: OCSF_VERSION,
      uid: e.id,
      sequence: e.seq,
      logged_time: e.receivedAt.getTime(),
      product: { name: "Gatehouse", vendor_name: "Gatehouse" },
      log_name: "audit",
      event_code: e.type,
    },
    actor,
    ...status(e),
    ...severity(e),
    message: `${e.type}${e.resource ? ` ${e.resource}` : ""}`,
    unmapped: {
      agent: e.agentSlug,
      agent_id: e.agentId,
      decision: e.decision,
      rule_id: e.ruleId,
      policy_version: e.policyVersion,
      approval_id: e.approvalId,
      rollback_ref: e.rollbackRef,
      redactions: e.redactions,
      hash: e.hash,
      prev_hash: e.prevHash,
      payload: e.payload,
    },
  };
  const acct = accountChangeActivity(e.type);
  if (acct) {
    return {
      ...common,
      category_uid: 3,
      category_name: "Identity & Access Management",
      class_uid: 3001,
      class_name: "Account Change",
      activity_id: acct.id,
      activity_name: acct.name,
      type_uid: 300100 + acct.id,
      type_name: `Account Change: ${acct.name}`,
      user: { uid: e.agentId ?? undefined, name: e.agentSlug ?? e.resource ?? undefined, type: "Other", type_id: 99 },
    };
  }
  const act = apiActivity(e);
  return {
    ...common,
    category_uid: 6,
    category_name: "Application Activity",
    class_uid: 6003,
    class_name: "API Activity",
    activity_id: act.id,
    activity_name: act.name,
    type_uid: 600300 + act.id,
    type_name: `API Activity: ${act.name}`,
    api: { operation: e.actionType ?? e.type, service: { name: e.tool ?? "gatehouse" } },
    src_endpoint: { name: e.agentSlug ?? e.actorLabel ?? "gatehouse", svc_name: e.tool ?? undefined },
    resources:
      e.resource || e.repository
        ? [{ name: e.resource ?? e.repository, type: e.resource ? "file" : "repository", data: e.repository ?? undefined }]
        : undefined,
    disposition_id: e.decision === "allow" ? 1 : e.decision === "deny" ? 2 : undefined,
    disposition: e.decision === "allow" ? "Allowed" : e.decision === "deny" ? "Blocked" : undefined,
  };
}

export const toOcsfLine = (e: AuditEvent) => JSON.stringify(toOcsf(e)) + "\n";
