import type { AgentScope } from "@/lib/registry/queries";
import type { CurrentUser } from "@/lib/auth/session";
import { AGENT_KINDS, KIND_LABELS } from "@/lib/registry/schemas";
import type { ScopeRow } from "./scope-editor";

export const kindOptions = AGENT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }));

/** Engineering managers may only pick their own team (the server action checks again). */
export function teamsFor<T extends { id: string }>(user: CurrentUser, teams: T[]): T[] {
  return user.role === "eng_manager" ? teams.filter((t) => t.id === user.teamId) : teams;
}

const local = (d: Date | null) => (d ? d.toISOString().slice(0, 16) : "");

export function scopeRows(entries: AgentScope[]): ScopeRow[] {
  return entries.map((e) => ({ key: e.id, dimension: e.dimension, pattern: e.pattern, validFrom: local(e.validFrom), validUntil: local(e.validUntil) }));
}
