import { and, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentScopes, agentTokens, agents, integrationTokens, users, violations, type Agent } from "@/db/schema";
import { AppError, forbidden, unauthorized } from "@/lib/http/errors";
import type { ApiRequest } from "@/lib/http/api";
import { bearerToken } from "@/lib/http/bearer";
import { freshControl } from "@/lib/registry/control";
import type { ScopeEntry } from "@/lib/registry/scope";
import { hashToken, tokenKind, type IntegrationScope } from "./tokens";
import { processSingleton } from "@/lib/util/global";

export type MachineCaller =
  | { kind: "agent"; tokenId: string; tokenPrefix: string; agent: Agent; fleetFrozen: boolean }
  | { kind: "integration"; tokenId: string; tokenPrefix: string; name: string; scopes: string[] };

export { bearerToken };

// ---- token validity: the one expiry/revocation check, for agent and integration tokens ----

/** 401 for a token that is revoked or expired at `now` (a future revoked_at is a grace period). */
export function requireValidToken(t: { revokedAt: Date | null; expiresAt: Date | null }, now: Date) {
  if (t.revokedAt && t.revokedAt <= now) throw unauthorized("This token has been revoked.");
  if (t.expiresAt && t.expiresAt <= now) throw unauthorized("This token has expired.");
}

// ---- agent tokens: one authentication, one cache ----

/** Everything a machine path needs about an agent caller, loaded once per control version. */
export interface AgentSnapshotEntry {
  controlVersion: number;
  fleetFrozen: boolean;
  tokenId: string;
  tokenPrefix: string;
  expiresAt: Date;
  revokedAt: Date | null;
  agent: Agent;
  sponsorEmail: string | null;
  scope: ScopeEntry[];
  /** violations of this agent in the last 7 days (risk) */
  recentViolations: number;
}

const MAX_ENTRIES = 20_000;

function cacheFor(db: Db) {
  const all = processSingleton("agent-token-cache", () => new WeakMap<Db, Map<string, AgentSnapshotEntry>>());
  let m = all.get(db);
  if (!m) all.set(db, (m = new Map()));
  return m;
}

async function loadWhere(db: Db, where: SQL, controlVersion: number, fleetFrozen: boolean, newestFirst?: SQL): Promise<AgentSnapshotEntry | undefined> {
  const rows = await db
    .select({ token: agentTokens, agent: agents, sponsorEmail: users.email })
    .from(agentTokens)
    .innerJoin(agents, eq(agents.id, agentTokens.agentId))
    .leftJoin(users, eq(users.id, agents.sponsorId))
    .where(where)
    .orderBy(...(newestFirst ? [newestFirst] : []))
    .limit(1);
  const row = rows[0];
  if (!row) return undefined;
  const [scope, recent] = await Promise.all([
    db.select().from(agentScopes).where(eq(agentScopes.agentId, row.agent.id)),
    db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(violations)
      .where(and(eq(violations.agentId, row.agent.id), gt(violations.lastSeenAt, new Date(Date.now() - 7 * 86400_000)))),
  ]);
  return {
    controlVersion,
    fleetFrozen,
    tokenId: row.token.id,
    tokenPrefix: row.token.prefix,
    expiresAt: row.token.expiresAt,
    revokedAt: row.token.revokedAt,
    agent: row.agent,
    sponsorEmail: row.sponsorEmail,
    scope: scope.map((s) => ({ dimension: s.dimension, pattern: s.pattern, validFrom: s.validFrom, validUntil: s.validUntil })),
    recentViolations: recent[0]?.n ?? 0,
  };
}

/**
 * The snapshot of an agent through its newest valid token, for in-process callers that act as
 * the agent without presenting the token (the demo's live traffic). Undefined without one.
 */
export async function loadAgentSnapshotById(db: Db, agentId: string): Promise<AgentSnapshotEntry | undefined> {
  const control = await freshControl(db);
  const valid = and(eq(agentTokens.agentId, agentId), isNull(agentTokens.revokedAt), gt(agentTokens.expiresAt, new Date()));
  return loadWhere(db, valid!, control.version, control.fleetFrozen, desc(agentTokens.createdAt));
}

/**
 * An agent token (already hashed) to its snapshot. The snapshot (agent row, scope, token
 * expiry/revocation) is reused only while the control version is the one it was loaded at —
 * every kill, resume, scope change and token revocation bumps it — and the control version
 * itself is at most MAX_STALENESS_MS old (lib/registry/control.ts), so a kill switch reaches
 * every instance within that bound. Unknown/expired/revoked → 401. The database being
 * unreachable throws (callers fail closed).
 */
async function authenticateAgentHash(db: Db, hash: string, now: Date): Promise<AgentSnapshotEntry> {
  const control = await freshControl(db);
  const cache = cacheFor(db);
  let entry = cache.get(hash);
  if (!entry || entry.controlVersion !== control.version) {
    entry = await loadWhere(db, eq(agentTokens.hash, hash), control.version, control.fleetFrozen); // unique: no order needed
    if (!entry) {
      cache.delete(hash);
      throw unauthorized("Unknown token.");
    }
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(hash, entry);
  }
  requireValidToken(entry, now);
  touchAgent(db, entry);
  return { ...entry, fleetFrozen: control.fleetFrozen };
}

// Token last_used_at and agent last_seen_at: at most once a minute per token, off the hot path.
function touchAgent(db: Db, entry: AgentSnapshotEntry) {
  const seen = processSingleton("agent-token-touch", () => new Map<string, number>());
  const now = Date.now();
  if ((seen.get(entry.tokenId) ?? 0) > now - 60_000) return;
  if (seen.size > MAX_ENTRIES) seen.clear();
  seen.set(entry.tokenId, now);
  Promise.all([
    db
      .update(agentTokens)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(agentTokens.id, entry.tokenId)),
    db
      .update(agents)
      .set({ lastSeenAt: new Date(now) })
      .where(eq(agents.id, entry.agent.id)),
  ]).catch(() => seen.delete(entry.tokenId));
}

// Integration tokens' last_used_at / use_count: at most once a minute per token, off the hot path.
function touchIntegration(db: Db, id: string) {
  const seen = processSingleton("token-touch", () => new Map<string, number>());
  const now = Date.now();
  if ((seen.get(id) ?? 0) > now - 60_000) return;
  seen.set(id, now);
  db.update(integrationTokens)
    .set({ lastUsedAt: new Date(), useCount: sql`${integrationTokens.useCount} + 1` })
    .where(eq(integrationTokens.id, id))
    .catch(() => seen.delete(id));
}

/**
 * Resolves the bearer token to its caller. No, unknown, expired or revoked token → 401.
 * Whether an agent may act is not decided here: routes call requireAgentMayAct (decisions and
 * hooks answer a deny instead).
 */
export async function authenticateMachine(db: Db, req: Pick<ApiRequest, "header">, now = new Date()): Promise<MachineCaller> {
  const token = bearerToken(req);
  if (!token) throw unauthorized();
  const kind = tokenKind(token);
  if (!kind) throw unauthorized("Unknown token.");
  const hash = hashToken(token);
  if (kind === "agent") {
    const s = await authenticateAgentHash(db, hash, now);
    return { kind: "agent", tokenId: s.tokenId, tokenPrefix: s.tokenPrefix, agent: s.agent, fleetFrozen: s.fleetFrozen };
  }
  const rows = await db.select().from(integrationTokens).where(eq(integrationTokens.hash, hash)).limit(1);
  const t = rows[0];
  if (!t) throw unauthorized("Unknown token.");
  requireValidToken(t, now);
  touchIntegration(db, t.id);
  return { kind: "integration", tokenId: t.id, tokenPrefix: t.prefix, name: t.name, scopes: t.scopes };
}

/**
 * The hot path's authentication (decisions, hooks): an agent token's full snapshot (scope, risk)
 * from the same cache. An integration token → 403 (401 when it is not a valid one either).
 */
export async function authenticateAgentCached(db: Db, req: Pick<ApiRequest, "header">, now = new Date()): Promise<AgentSnapshotEntry> {
  const token = bearerToken(req);
  if (!token) throw unauthorized();
  const kind = tokenKind(token);
  if (kind === "integration") {
    await authenticateMachine(db, req, now); // 401 when it is not a valid integration token either
    throw forbidden("This route takes an agent token.");
  }
  if (kind !== "agent") throw unauthorized("Unknown token.");
  return authenticateAgentHash(db, hashToken(token), now);
}

// ---- may this agent act? ----

/** Why an agent may not act now, or undefined when it may: the one answer for every machine path. */
export function agentActRefusal(
  agent: Pick<Agent, "status" | "slug">,
  fleetFrozen: boolean,
): { code: "agent_suspended" | "agent_retired"; message: string } | undefined {
  if (agent.status === "suspended") return { code: "agent_suspended", message: `Agent ${agent.slug} is suspended (kill switch).` };
  if (agent.status === "retired") return { code: "agent_retired", message: `Agent ${agent.slug} is retired.` };
  if (agent.status !== "active") return { code: "agent_suspended", message: `Agent ${agent.slug} is not active.` };
  if (fleetFrozen) return { code: "agent_suspended", message: "The fleet is frozen (kill switch)." };
  return undefined;
}

/**
 * 403 agent_suspended / agent_retired unless the agent may act: active, not killed, the fleet
 * not frozen (its token was checked by authentication). Event ingest, telemetry, approval reads
 * and the agent's own reads; decisions and hooks answer the same refusal as a deny.
 */
export function requireAgentMayAct(caller: { agent: Pick<Agent, "status" | "slug">; fleetFrozen: boolean }) {
  const refusal = agentActRefusal(caller.agent, caller.fleetFrozen);
  if (refusal) throw new AppError(403, refusal.code, refusal.message);
}

export function hasScope(caller: MachineCaller, scope: IntegrationScope): boolean {
  if (caller.kind !== "integration") return false;
  if (caller.scopes.includes(scope)) return true;
  // write implies read for the registry
  return scope === "agents:read" && caller.scopes.includes("agents:write");
}

export function requireScope(caller: MachineCaller, scope: IntegrationScope) {
  if (!hasScope(caller, scope)) throw forbidden(`This token lacks the "${scope}" scope.`);
}

/** 403 agent_suspended / agent_retired for an agent that is not active (the fleet aside: see requireAgentMayAct). */
export function requireActiveAgent(agent: Pick<Agent, "status" | "slug">) {
  requireAgentMayAct({ agent, fleetFrozen: false });
}

export function requireAgentCaller(caller: MachineCaller) {
  if (caller.kind !== "agent") throw forbidden("This route takes an agent token.");
  return caller;
}

export async function findAgentByIdOrSlug(db: Db, idOrSlug: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrSlug);
  const rows = await db
    .select()
    .from(agents)
    .where(isUuid ? and(eq(agents.id, idOrSlug)) : eq(agents.slug, idOrSlug))
    .limit(1);
  return rows[0];
}
