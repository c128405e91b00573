import { and, desc, eq, isNull, or, gt } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { agentTokens, type Agent } from "@/db/schema";
import { generateToken } from "@/lib/auth/tokens";
import { appendAuditEvents } from "@/lib/audit/record";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { bumpControlVersion } from "./control";
import { requireAgent } from "./lookup";
import { MAX_TOKEN_TTL_SECONDS } from "./schemas";
import { settingValue } from "@/lib/settings/queries";

/** Default TTL: the `agent_token_ttl_seconds` setting, else 8 hours; never above 90 days. */
export async function defaultTokenTtl(db: Db): Promise<number> {
  return Math.min(await settingValue(db, "agentTokenTtlSeconds"), MAX_TOKEN_TTL_SECONDS);
}

function auditBase(actor: Actor, agent: Agent) {
  return {
    ...auditActor(actor),
    agentId: agent.id,
    agentSlug: agent.slug,
  } as const;
}

export interface IssuedToken {
  id: string;
  token: string;
  prefix: string;
  expiresAt: Date;
}

async function insertToken(tx: Db, agent: Agent, ttlSeconds: number, actor: Actor, name: string | null, rotatedFromId: string | null) {
  if (ttlSeconds < 60 || ttlSeconds > MAX_TOKEN_TTL_SECONDS)
    throw badRequest(`ttl_seconds must be between 60 and ${MAX_TOKEN_TTL_SECONDS}.`, [{ path: "ttl_seconds", message: "Out of range." }]);
  const { token, hash, prefix } = generateToken("agent");
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const [row] = await tx
    .insert(agentTokens)
    .values({ agentId: agent.id, name, prefix, hash, expiresAt, createdBy: actor.userId, rotatedFromId })
    .returning({ id: agentTokens.id });
  return { id: row.id, token, prefix, expiresAt };
}

/** Issues a token; its text is returned here and never again (only the hash is stored). */
export async function issueAgentToken(db: Db, idOrSlug: string, opts: { ttlSeconds?: number; name?: string | null }, actor: Actor): Promise<IssuedToken> {
  const agent = await requireAgent(db, idOrSlug);
  if (agent.status === "retired") throw conflict("A retired agent cannot get new tokens.");
  const ttl = opts.ttlSeconds ?? (await defaultTokenTtl(db));
  return transaction(db, async (tx) => {
    const issued = await insertToken(tx, agent, ttl, actor, opts.name ?? null, null);
    await appendAuditEvents(tx, [
      {
        ...auditBase(actor, agent),
        type: "agent.token.issue",
        resource: `agent_token:${issued.prefix}`,
        payload: { token_id: issued.id, prefix: issued.prefix, expires_at: issued.expiresAt.toISOString(), ttl_seconds: ttl },
      },
    ]);
    return issued;
  });
}

async function loadToken(db: Db, tokenId: string, agentId?: string) {
  const [t] = await db
    .select()
    .from(agentTokens)
    .where(agentId ? and(eq(agentTokens.id, tokenId), eq(agentTokens.agentId, agentId)) : eq(agentTokens.id, tokenId))
    .limit(1);
  if (!t) throw notFound("No such token.");
  return t;
}

/**
 * Rotation: a new token now; the old one stops after `graceSeconds` (0 = at once). The grace is
 * stored as a future `revoked_at`, which authenticateMachine already honours on every instance.
 */
export async function rotateAgentToken(
  db: Db,
  tokenId: string,
  opts: { graceSeconds?: number; ttlSeconds?: number; agentId?: string },
  actor: Actor,
): Promise<IssuedToken & { oldStopsAt: Date }> {
  const old = await loadToken(db, tokenId, opts.agentId);
  const agent = await requireAgent(db, old.agentId);
  if (agent.status === "retired") throw conflict("A retired agent cannot get new tokens.");
  const now = new Date();
  if (old.revokedAt && old.revokedAt <= now) throw conflict("This token is already revoked.");
  const grace = Math.max(0, Math.min(opts.graceSeconds ?? 0, 24 * 3600));
  const ttl = opts.ttlSeconds ?? (await defaultTokenTtl(db));
  const oldStopsAt = new Date(Math.min(now.getTime() + grace * 1000, old.expiresAt.getTime()));
  return transaction(db, async (tx) => {
    const issued = await insertToken(tx, agent, ttl, actor, old.name, old.id);
    await tx
      .update(agentTokens)
      .set({ revokedAt: oldStopsAt, revokedReason: `rotated to ${issued.prefix}` })
      .where(eq(agentTokens.id, old.id));
    await appendAuditEvents(tx, [
      {
        ...auditBase(actor, agent),
        type: "agent.token.rotate",
        resource: `agent_token:${old.prefix}`,
        payload: {
          old_token_id: old.id,
          old_prefix: old.prefix,
          old_stops_at: oldStopsAt.toISOString(),
          new_token_id: issued.id,
          new_prefix: issued.prefix,
          grace_seconds: grace,
        },
      },
    ]);
    // every rotation: the old token's new revoked_at (now, or at the end of the grace) must reach
    // the agent-token caches of every instance (lib/auth/machine.ts), which hold it per control version
    await bumpControlVersion(tx);
    return { ...issued, oldStopsAt };
  });
}

export async function revokeAgentToken(db: Db, tokenId: string, reason: string | null, actor: Actor, agentId?: string) {
  const t = await loadToken(db, tokenId, agentId);
  const agent = await requireAgent(db, t.agentId);
  const now = new Date();
  if (t.revokedAt && t.revokedAt <= now) return;
  await transaction(db, async (tx) => {
    await tx
      .update(agentTokens)
      .set({ revokedAt: now, revokedReason: reason ?? "revoked" })
      .where(eq(agentTokens.id, t.id));
    await appendAuditEvents(tx, [
      { ...auditBase(actor, agent), type: "agent.token.revoke", resource: `agent_token:${t.prefix}`, payload: { token_id: t.id, reason } },
    ]);
    await bumpControlVersion(tx);
  });
}

/** Revokes every live token of an agent inside the caller's transaction (retire). */
export async function revokeAllAgentTokens(tx: Db, agentId: string, reason: string) {
  const now = new Date();
  return tx
    .update(agentTokens)
    .set({ revokedAt: now, revokedReason: reason })
    .where(and(eq(agentTokens.agentId, agentId), or(isNull(agentTokens.revokedAt), gt(agentTokens.revokedAt, now))))
    .returning({ id: agentTokens.id });
}

export async function listAgentTokens(db: Db, agentId: string) {
  return db
    .select({
      id: agentTokens.id,
      name: agentTokens.name,
      prefix: agentTokens.prefix,
      createdAt: agentTokens.createdAt,
      expiresAt: agentTokens.expiresAt,
      revokedAt: agentTokens.revokedAt,
      lastUsedAt: agentTokens.lastUsedAt,
    })
    .from(agentTokens)
    .where(eq(agentTokens.agentId, agentId))
    .orderBy(desc(agentTokens.createdAt));
}

export function tokenState(t: { expiresAt: Date; revokedAt: Date | null }, now = new Date()): "active" | "grace" | "expired" | "revoked" {
  if (t.revokedAt && t.revokedAt <= now) return "revoked";
  if (t.expiresAt <= now) return "expired";
  if (t.revokedAt) return "grace";
  return "active";
}
