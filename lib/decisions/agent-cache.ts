import { and, desc, eq, gt, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentScopes, agentTokens, agents, users, violations, type Agent } from "@/db/schema";
import { hashToken, tokenKind } from "@/lib/auth/tokens";
import { authenticateMachine, bearerToken } from "@/lib/auth/machine";
import { forbidden, unauthorized } from "@/lib/http/errors";
import type { ApiRequest } from "@/lib/http/api";
import { freshControl } from "@/lib/registry/control";
import type { ScopeEntry } from "@/lib/registry/scope";
import { processSingleton } from "@/lib/util/global";

/** Everything the hot path needs about the caller, loaded once per control version. */
export interface AgentSnapshotEntry {
  controlVersion: number;
  fleetFrozen: boolean;
  tokenId: string;
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
  const all = processSingleton("decision-agent-cache", () => new WeakMap<Db, Map<string, AgentSnapshotEntry>>());
  let m = all.get(db);
  if (!m) all.set(db, (m = new Map()));
  return m;
}

async function load(db: Db, hash: string, controlVersion: number, fleetFrozen: boolean): Promise<AgentSnapshotEntry | undefined> {
  return loadWhere(db, eq(agentTokens.hash, hash), controlVersion, fleetFrozen); // unique: no order needed
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
    expiresAt: row.token.expiresAt,
    revokedAt: row.token.revokedAt,
    agent: row.agent,
    sponsorEmail: row.sponsorEmail,
    scope: scope.map((s) => ({ dimension: s.dimension, pattern: s.pattern, validFrom: s.validFrom, validUntil: s.validUntil })),
    recentViolations: recent[0]?.n ?? 0,
  };
}

/**
 * Authenticates an agent token for the hot path. The snapshot (agent row, scope, token
 * expiry/revocation) is reused only while the control version is the one it was loaded at —
 * every kill, resume, scope change and token revocation bumps it — and the control version
 * itself is at most MAX_STALENESS_MS old. Unknown/expired/revoked → 401; an integration token
 * → 403. The database being unreachable throws (callers fail closed).
 */
export async function authenticateAgentCached(db: Db, req: Pick<ApiRequest, "header">, now = new Date()): Promise<AgentSnapshotEntry> {
  const token = bearerToken(req);
  if (!token) throw unauthorized();
  const kind = tokenKind(token);
  if (kind === "integration") {
    await authenticateMachine(db, req); // 401 when it is not a valid integration token either
    throw forbidden("This route takes an agent token.");
  }
  if (kind !== "agent") throw unauthorized("Unknown token.");
  const control = await freshControl(db);
  const hash = hashToken(token);
  const cache = cacheFor(db);
  let entry = cache.get(hash);
  if (!entry || entry.controlVersion !== control.version) {
    entry = await load(db, hash, control.version, control.fleetFrozen);
    if (!entry) {
      cache.delete(hash);
      throw unauthorized("Unknown token.");
    }
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(hash, entry);
  }
  if (entry.revokedAt && entry.revokedAt <= now) throw unauthorized("This token has been revoked.");
  if (entry.expiresAt <= now) throw unauthorized("This token has expired.");
  touch(db, entry);
  return { ...entry, fleetFrozen: control.fleetFrozen };
}

// Token last_used_at and agent last_seen_at: at most once a minute per token, off the hot path.
function touch(db: Db, entry: AgentSnapshotEntry) {
  const seen = processSingleton("decision-token-touch", () => new Map<string, number>());
  const now = Date.now();
  if ((seen.get(entry.tokenId) ?? 0) > now - 60_000) return;
  if (seen.size > MAX_ENTRIES) seen.clear();
  seen.set(entry.tokenId, now);
  Promise.all([
    db.update(agentTokens).set({ lastUsedAt: new Date(now) }).where(eq(agentTokens.id, entry.tokenId)),
    db.update(agents).set({ lastSeenAt: new Date(now) }).where(eq(agents.id, entry.agent.id)),
  ]).catch(() => seen.delete(entry.tokenId));
}
