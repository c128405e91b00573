import "server-only";
import { and, asc, desc, gte, inArray, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentScopes, agents, auditEvents, settings, type AuditEvent } from "@/db/schema";
import { processSingleton } from "@/lib/util/global";
import { DETECTION_SETTING_NAMES, SETTINGS, THRESHOLDS_SETTING, effectiveSettings, type SettingDef } from "@/lib/settings/schemas";
import { type AgentContext, type DetectionEvent, type ScopeEntry, type Thresholds } from "./types";
import { payloadColumn } from "@/lib/audit/payload-store";

/** The audit row fields detectors read; full AuditEvent rows fit. */
export type EventRow = Pick<
  AuditEvent,
  | "seq"
  | "time"
  | "type"
  | "actorKind"
  | "agentId"
  | "agentSlug"
  | "sessionId"
  | "actionType"
  | "tool"
  | "repository"
  | "environment"
  | "resource"
  | "command"
  | "decision"
  | "ruleId"
  | "outcome"
  | "payload"
  | "redactions"
>;

export const EVENT_COLUMNS = {
  seq: auditEvents.seq,
  time: auditEvents.time,
  type: auditEvents.type,
  actorKind: auditEvents.actorKind,
  agentId: auditEvents.agentId,
  agentSlug: auditEvents.agentSlug,
  sessionId: auditEvents.sessionId,
  actionType: auditEvents.actionType,
  tool: auditEvents.tool,
  repository: auditEvents.repository,
  environment: auditEvents.environment,
  resource: auditEvents.resource,
  command: auditEvents.command,
  decision: auditEvents.decision,
  ruleId: auditEvents.ruleId,
  outcome: auditEvents.outcome,
  payload: payloadColumn(),
  redactions: auditEvents.redactions,
};

export function toDetectionEvent(r: EventRow): DetectionEvent {
  return { ...r, seq: Number(r.seq), time: new Date(r.time), redactions: r.redactions ?? 0 };
}

/** Registered agents referenced by id or slug, with their allowlists. */
export async function loadAgents(db: Db, ids: string[], slugs: string[]): Promise<AgentContext[]> {
  const conds = [ids.length ? inArray(agents.id, ids) : undefined, slugs.length ? inArray(agents.slug, slugs) : undefined].filter((c) => c !== undefined);
  if (conds.length === 0) return [];
  const rows = await db
    .select({
      id: agents.id,
      slug: agents.slug,
      status: agents.status,
      statusChangedAt: agents.statusChangedAt,
      role: agents.role,
      kind: agents.kind,
    })
    .from(agents)
    .where(or(...conds));
  if (rows.length === 0) return [];
  const scopes = await db
    .select({ agentId: agentScopes.agentId, dimension: agentScopes.dimension, pattern: agentScopes.pattern })
    .from(agentScopes)
    .where(
      inArray(
        agentScopes.agentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    ...r,
    scope: scopes.filter((s) => s.agentId === r.id).map((s): ScopeEntry => ({ dimension: s.dimension, pattern: s.pattern })),
  }));
}

export const CONTEXT_EVENT_LIMIT = 20_000;

/** The recent events of these agents/sessions up to maxSeq (never later ones: no look-ahead). */
export async function loadContextEvents(db: Db, opts: { agentIds: string[]; sessionIds: string[]; from: Date; maxSeq: number }): Promise<EventRow[]> {
  const who = [
    opts.agentIds.length ? inArray(auditEvents.agentId, opts.agentIds) : undefined,
    opts.sessionIds.length ? inArray(auditEvents.sessionId, opts.sessionIds) : undefined,
  ].filter((c) => c !== undefined);
  if (who.length === 0) return [];
  const rows = await db
    .select(EVENT_COLUMNS)
    .from(auditEvents)
    .where(and(gte(auditEvents.time, opts.from), lte(auditEvents.seq, opts.maxSeq), or(...who)))
    .orderBy(desc(auditEvents.seq))
    .limit(CONTEXT_EVENT_LIMIT);
  return rows.reverse();
}

const BASELINE_DAYS = 30;
const BASELINE_TTL_MS = 5 * 60 * 1000;

export interface RoleBaselines {
  types: Map<string, Set<string>>;
  counts: Map<string, number>;
}

interface BaselineCache extends RoleBaselines {
  upToSeq: number;
  builtAt: number;
}

type Row = { role: string; action_type: string; n: number };

function empty(): RoleBaselines {
  return { types: new Map(), counts: new Map() };
}

async function baselineQuery(db: Db, fromSeqExclusive: number, beforeSeq: number, since: Date) {
  const rows = (await db.execute(sql`
    SELECT a.role, e.action_type, count(*)::int AS n
    FROM audit_events e JOIN agents a ON a.id = e.agent_id
    WHERE e.seq > ${fromSeqExclusive} AND e.seq < ${beforeSeq} AND e.time >= ${since.toISOString()}::timestamptz
      AND e.action_type IS NOT NULL AND e.actor_kind = 'agent'
    GROUP BY a.role, e.action_type
  `)) as unknown as { rows: Row[] };
  return rows.rows;
}

function merge(b: RoleBaselines, rows: Row[]) {
  for (const r of rows) {
    const s = b.types.get(r.role) ?? new Set<string>();
    s.add(r.action_type);
    b.types.set(r.role, s);
    b.counts.set(r.role, (b.counts.get(r.role) ?? 0) + Number(r.n));
  }
}

/**
 * Action types each role did before `beforeSeq` (last 30 days). Live detection keeps a
 * per-process copy and only reads the seq range added since; a rescan asks uncached.
 */
export async function loadRoleBaselines(db: Db, beforeSeq: number, at: Date, cached = true): Promise<RoleBaselines> {
  const since = new Date(at.getTime() - BASELINE_DAYS * 86400_000);
  if (!cached) {
    const b = empty();
    merge(b, await baselineQuery(db, 0, beforeSeq, since));
    return b;
  }
  const holder = processSingleton<{ c?: BaselineCache }>("detection-baselines", () => ({}));
  const c = holder.c;
  if (!c || Date.now() - c.builtAt > BASELINE_TTL_MS || c.upToSeq >= beforeSeq) {
    const b = empty();
    merge(b, await baselineQuery(db, 0, beforeSeq, since));
    holder.c = { ...b, upToSeq: beforeSeq - 1, builtAt: Date.now() };
  } else if (c.upToSeq < beforeSeq - 1) {
    merge(c, await baselineQuery(db, c.upToSeq, beforeSeq, since));
    c.upToSeq = beforeSeq - 1;
  }
  // Detectors copy before learning, so sharing the cached sets is safe.
  return { types: holder.c!.types, counts: holder.c!.counts };
}

export function clearBaselineCache() {
  processSingleton<{ c?: BaselineCache }>("detection-baselines", () => ({})).c = undefined;
}

/** One keyset page of history. */
export async function loadHistoryPage(db: Db, opts: { from: Date; to: Date; afterSeq: number; limit: number }) {
  return db
    .select(EVENT_COLUMNS)
    .from(auditEvents)
    .where(and(gte(auditEvents.time, opts.from), sql`${auditEvents.time} < ${opts.to.toISOString()}::timestamptz`, sql`${auditEvents.seq} > ${opts.afterSeq}`))
    .orderBy(asc(auditEvents.seq))
    .limit(opts.limit);
}

export { THRESHOLDS_SETTING };
const THRESHOLDS_TTL_MS = 60_000;

/**
 * Operator overrides of the detector thresholds (Settings → General): the `settings` row
 * `detection.thresholds` holds a JSON object with any of the Thresholds keys, each validated
 * by lib/settings (an invalid one falls back to its default). Cached per process for a minute.
 */
export async function loadThresholds(db: Db): Promise<Partial<Thresholds>> {
  const holder = processSingleton<{ at: number; value: Partial<Thresholds> }>("detection-thresholds", () => ({ at: 0, value: {} }));
  if (Date.now() - holder.at < THRESHOLDS_TTL_MS) return holder.value;
  const rows = await db
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(sql`${settings.key} = ${THRESHOLDS_SETTING}`);
  const effective = effectiveSettings(DETECTION_SETTING_NAMES, rows);
  const out: Partial<Thresholds> = {};
  for (const n of DETECTION_SETTING_NAMES) {
    const def: SettingDef = SETTINGS[n];
    if (!effective[n].isDefault) out[def.prop as keyof Thresholds] = effective[n].value as number;
  }
  holder.at = Date.now();
  holder.value = out;
  return out;
}

export function clearThresholdsCache() {
  processSingleton<{ at: number; value: Partial<Thresholds> }>("detection-thresholds", () => ({ at: 0, value: {} })).at = 0;
}
