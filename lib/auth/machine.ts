import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentTokens, agents, integrationTokens, type Agent } from "@/db/schema";
import { AppError, forbidden, unauthorized } from "@/lib/http/errors";
import type { ApiRequest } from "@/lib/http/api";
import { hashToken, tokenKind, type IntegrationScope } from "./tokens";
import { processSingleton } from "@/lib/util/global";

export type MachineCaller =
  | { kind: "agent"; tokenId: string; tokenPrefix: string; agent: Agent }
  | { kind: "integration"; tokenId: string; tokenPrefix: string; name: string; scopes: string[] };

export function bearerToken(req: Pick<ApiRequest, "header">): string | undefined {
  const h = req.header("authorization");
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}

// last_used_at is written at most once a minute per token, off the hot path.
function touch(db: Db, table: "agent" | "integration", id: string) {
  const seen = processSingleton("token-touch", () => new Map<string, number>());
  const now = Date.now();
  if ((seen.get(id) ?? 0) > now - 60_000) return;
  seen.set(id, now);
  const q =
    table === "agent"
      ? db.update(agentTokens).set({ lastUsedAt: new Date() }).where(eq(agentTokens.id, id))
      : db
          .update(integrationTokens)
          .set({ lastUsedAt: new Date(), useCount: sql`${integrationTokens.useCount} + 1` })
          .where(eq(integrationTokens.id, id));
  q.catch(() => seen.delete(id));
}

/**
 * Resolves the bearer token to its caller. No, unknown, expired or revoked token → 401.
 * Agent status is not checked here: routes decide (decisions answer deny, others 403).
 */
export async function authenticateMachine(db: Db, req: Pick<ApiRequest, "header">): Promise<MachineCaller> {
  const token = bearerToken(req);
  if (!token) throw unauthorized();
  const kind = tokenKind(token);
  if (!kind) throw unauthorized("Unknown token.");
  const hash = hashToken(token);
  const now = new Date();
  if (kind === "agent") {
    const rows = await db
      .select({ token: agentTokens, agent: agents })
      .from(agentTokens)
      .innerJoin(agents, eq(agents.id, agentTokens.agentId))
      .where(eq(agentTokens.hash, hash))
      .limit(1);
    const row = rows[0];
    if (!row) throw unauthorized("Unknown token.");
    if (row.token.revokedAt && row.token.revokedAt <= now) throw unauthorized("This token has been revoked.");
    if (row.token.expiresAt <= now) throw unauthorized("This token has expired.");
    touch(db, "agent", row.token.id);
    return { kind: "agent", tokenId: row.token.id, tokenPrefix: row.token.prefix, agent: row.agent };
  }
  const rows = await db.select().from(integrationTokens).where(eq(integrationTokens.hash, hash)).limit(1);
  const t = rows[0];
  if (!t) throw unauthorized("Unknown token.");
  if (t.revokedAt && t.revokedAt <= now) throw unauthorized("This token has been revoked.");
  if (t.expiresAt && t.expiresAt <= now) throw unauthorized("This token has expired.");
  touch(db, "integration", t.id);
  return { kind: "integration", tokenId: t.id, tokenPrefix: t.prefix, name: t.name, scopes: t.scopes };
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

/** 403 agent_suspended / agent_retired for an agent token whose agent is not active. */
export function requireActiveAgent(agent: Pick<Agent, "status" | "slug">) {
  if (agent.status === "suspended")
    throw new AppError(403, "agent_suspended", `Agent ${agent.slug} is suspended (kill switch).`);
  if (agent.status === "retired") throw new AppError(403, "agent_retired", `Agent ${agent.slug} is retired.`);
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
