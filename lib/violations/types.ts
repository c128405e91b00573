// Pure types shared by the detectors (lib/detection) and the violation writer (raise.ts).
// No DB or Next imports: detectors are unit-tested directly (the enums are the schema's pgEnums,
// plain values).
import { violationSeverity, violationStatus } from "@/db/schema/enums";

export const SEVERITIES = violationSeverity.enumValues;
export type Severity = (typeof SEVERITIES)[number];

export const VIOLATION_STATUSES = violationStatus.enumValues;
export type ViolationStatus = (typeof VIOLATION_STATUSES)[number];

export const VIOLATION_KINDS = [
  "scope_violation",
  "forbidden_attempt",
  "persistence_anomaly",
  "secret_exposure",
  "secret_handling",
  "exfiltration",
  "shadow_agent",
  "credential_misuse",
  "suspended_agent_activity",
  "instruction_drift",
  "gate_override",
  "budget_threshold",
  "budget_exceeded",
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export const KIND_LABELS: Record<string, string> = {
  scope_violation: "Scope violation",
  forbidden_attempt: "Forbidden attempt",
  persistence_anomaly: "Persistence anomaly",
  secret_exposure: "Secret exposure",
  secret_handling: "Secret handling",
  exfiltration: "Exfiltration indicator",
  shadow_agent: "Shadow agent",
  credential_misuse: "Expired/revoked credential",
  suspended_agent_activity: "Suspended agent activity",
  instruction_drift: "Instruction drift",
  gate_override: "Gate override",
  budget_threshold: "Budget threshold",
  budget_exceeded: "Budget exceeded",
};

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

/** One detector finding. Repeated hits with the same groupKey inside the window fold into one violation. */
export interface ViolationHit {
  kind: string;
  severity: Severity;
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  /** One line a person understands without opening the evidence. */
  explanation: string;
  /** audit_events.seq of the events that show it. */
  evidenceSeqs: number[];
  details?: Record<string, unknown>;
  /** Defaults to `${kind}:${agentId ?? agentSlug}`. */
  groupKey?: string;
  /** When it happened (the triggering event's time); defaults to now. */
  at?: Date;
}

export function groupKeyOf(h: ViolationHit): string {
  return h.groupKey ?? `${h.kind}:${h.agentId ?? h.agentSlug ?? "unknown"}`;
}

/** Allowed triage moves: open → triaged → resolved | false_positive; closed ones may be reopened. */
export const STATUS_TRANSITIONS: Record<ViolationStatus, ViolationStatus[]> = {
  open: ["triaged", "resolved", "false_positive"],
  triaged: ["open", "resolved", "false_positive"],
  resolved: ["open"],
  false_positive: ["open"],
};

export function canTransition(from: ViolationStatus, to: ViolationStatus): boolean {
  return STATUS_TRANSITIONS[from].includes(to);
}
