// Detector inputs: plain objects shaped like audit_events rows, plus the context run.ts loads.
// Pure: no DB or Next imports.
import type { ViolationHit } from "@/lib/violations/types";

export type { ViolationHit };

export interface DetectionEvent {
  seq: number;
  time: Date;
  type: string;
  /** agent | human | system; absent means "agent" for detector purposes. */
  actorKind?: string | null;
  agentId: string | null;
  agentSlug: string | null;
  sessionId: string | null;
  actionType: string | null;
  tool: string | null;
  repository?: string | null;
  environment?: string | null;
  resource: string | null;
  command: string | null;
  decision: string | null;
  ruleId: string | null;
  outcome: string | null;
  payload: unknown;
  redactions: number;
}

export interface ScopeEntry {
  dimension: "repository" | "branch" | "environment" | "tool" | "path" | "endpoint";
  pattern: string;
}

export interface AgentContext {
  id: string;
  slug: string;
  status: "active" | "suspended" | "retired";
  statusChangedAt: Date | null;
  role: string;
  kind: string;
  scope: ScopeEntry[];
}

export interface Thresholds {
  /** Same denied operation this many times inside persistenceWindowMs → persistence anomaly. */
  persistenceCount: number;
  persistenceWindowMs: number;
  /** Outbound request payload (bytes) above this → exfiltration indicator. */
  outboundBytes: number;
  /** Command output (bytes) above this → exfiltration indicator. */
  commandOutputBytes: number;
  /** This many file reads, then a network call, in one session → exfiltration indicator. */
  bulkReadCount: number;
  /** Instruction drift only fires once a role's baseline holds this many action types. */
  driftMinBaseline: number;
  /** …and the role has been observed doing this many actions (no drift while a role is new). */
  driftMinEvents: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  persistenceCount: 3,
  persistenceWindowMs: 10 * 60 * 1000,
  outboundBytes: 256 * 1024,
  commandOutputBytes: 1024 * 1024,
  bulkReadCount: 20,
  driftMinBaseline: 3,
  driftMinEvents: 100,
};

export interface DetectionContext {
  /** Registered agents by id. */
  agents: Map<string, AgentContext>;
  /** Registered agent slugs (to tell a shadow agent from an unresolved registered one). */
  knownSlugs: Set<string>;
  thresholds: Thresholds;
  /** Action types seen before for each role (instruction drift baseline). */
  roleBaselines: Map<string, Set<string>>;
  /** How many actions each role's baseline was built from; a role absent here but present in
   *  roleBaselines is trusted as mature. */
  roleEventCounts?: Map<string, number>;
}

/** The uniform plug-in interface: new detectors are one object added to DETECTORS. */
export interface Detector {
  kind: string;
  /** events: sorted by seq, any agents/sessions mixed. */
  run(events: DetectionEvent[], ctx: DetectionContext): ViolationHit[];
}

export interface ContextInput {
  agents?: AgentContext[] | Map<string, AgentContext>;
  knownSlugs?: Set<string>;
  thresholds?: Partial<Thresholds>;
  roleBaselines?: Map<string, Set<string>>;
  roleEventCounts?: Map<string, number>;
}

export function makeContext(partial: ContextInput = {}): DetectionContext {
  const list: AgentContext[] | Map<string, AgentContext> = partial.agents ?? [];
  const agents = list instanceof Map ? list : new Map(list.map((a) => [a.id, a] as const));
  return {
    agents,
    knownSlugs: partial.knownSlugs ?? new Set([...agents.values()].map((a) => a.slug)),
    thresholds: { ...DEFAULT_THRESHOLDS, ...partial.thresholds },
    roleBaselines: partial.roleBaselines ?? new Map(),
    roleEventCounts: partial.roleEventCounts,
  };
}
