// Records the generator passes between its stages (in memory only; the tables are in db/schema).
import type { AuditInput } from "@/lib/audit/record";
import type { Action } from "@/lib/policy/types";
import type { ScopeEntry } from "@/lib/registry/scope";
import type { Registry } from "./agents";
import type { AgentKindName, AgentRole, Repo, Role, TeamSlug } from "./data";
import type { People } from "./people";
import type { PolicyHistory } from "./policy-versions";
import type { Rng } from "./prng";
import type { Schedule } from "./schedule";
import type { EventStream } from "./stream";
import type { Violations } from "./violations";

export interface UserRec {
  id: string;
  email: string;
  name: string;
  role: Role;
  teamSlug: TeamSlug | null;
}

export interface AgentRec {
  id: string;
  slug: string;
  name: string;
  kind: AgentKindName;
  role: AgentRole;
  team: TeamSlug;
  teamId: string;
  sponsorId: string;
  model: string;
  toolchain: string;
  status: "active" | "suspended" | "retired";
  statusChangedAt: Date | null;
  statusChangedBy: string | null;
  statusReason: string | null;
  createdAt: Date;
  repos: string[];
  scope: ScopeEntry[];
  hasMain: boolean;
  hasProd: boolean;
  weight: number;
  noisy: boolean;
  deviance: number;
  /** intervals in which the agent does nothing (killed and later resumed) */
  pauses: [number, number][];
  /** no sessions after this (kill or retirement) */
  activeUntil: number;
  hooks: boolean;
  lastSeen: number;
  recentHits: number[];
  tokens: { id: string; prefix: string; expired: boolean; revoked: boolean }[];
}

/** filled with the audit sequence number once the event is appended */
export interface SeqRef {
  seq: number;
}

export type ScenarioKind = "pending" | "kill" | "postkill" | "secret_handling" | "exfiltration" | "drift" | "persistence" | "redaction";

export interface Sched {
  start: number;
  agent: AgentRec;
  scenario?: ScenarioKind;
  /** pending scenario: when the gated request is made */
  at?: number;
  sessionId: string;
  repo: Repo;
  initiatedBy: string | null;
}

export interface Planned {
  action: Action;
  tool: string;
  input: Record<string, unknown>;
  response: Record<string, unknown>;
  execMs: number;
  failP: number;
  bytesOut?: number;
  redact?: string;
}

/** One session being generated: fixed context plus the clock and flags its actions advance. */
export interface SessionState {
  sch: Sched;
  a: AgentRec;
  repo: Repo;
  /** the module the session works on */
  m: string;
  ext: string;
  branch: string;
  cwd: string;
  sid: string;
  /** most events the session may still add to the stream */
  budget: number;
  events: { ev: AuditInput; ref?: SeqRef }[];
  /** the session clock */
  t: number;
  /** the session is still running at `now` (or waits for an approval) */
  open: boolean;
  endedReason: string | null;
  wrote: number;
  promptText: string;
  /** a secret was pasted into the prompt (redaction scenario) */
  leaky: boolean;
  common: () => { agentId: string; agentSlug: string; sessionId: string; initiatedBy: string | null; repository: string };
  emit: (ev: AuditInput, ref?: SeqRef) => SeqRef | undefined;
}

/** What the audit history is generated from; `re` is the "events" generator. */
export interface EventWorld {
  re: Rng;
  NOW: number;
  windowStart: number;
  targetEvents: number;
  agentCount: number;
  people: People;
  registry: Registry;
  plan: Schedule;
  policy: PolicyHistory;
  violations: Violations;
  stream: EventStream;
}
