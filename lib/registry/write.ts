import { eq, sql } from "drizzle-orm";
import { isUniqueViolation } from "@/lib/util/pg-errors";
import { transaction, type Db } from "@/db/client";
import { agentScopes, agents, teams, users, type Agent } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";
import { auditActor, type Actor } from "@/lib/auth/actor";
import { badRequest, conflict, notFound } from "@/lib/http/errors";
import { bumpControlVersion } from "./control";
import type { AgentInput, AgentUpdate, ScopeEntryInput } from "./schemas";
import { UUID_RE, findAgent } from "./lookup";

export async function resolveTeam(db: Db, ref: string | undefined) {
  if (!ref) throw badRequest("An owning team is required.", [{ path: "team", message: "Required." }]);
  const [t] = await db
    .select()
    .from(teams)
    .where(UUID_RE.test(ref) ? eq(teams.id, ref) : eq(teams.slug, ref))
    .limit(1);
  if (!t) throw badRequest(`No team "${ref}".`, [{ path: "team", message: "Unknown team." }]);
  return t;
}

/** The sponsor is an existing, enabled person (by id or email): an agent is never its own owner. */
export async function resolveSponsor(db: Db, ref: string | undefined) {
  if (!ref) throw badRequest("A human sponsor is required.", [{ path: "sponsor", message: "Required." }]);
  const [u] = await db
    .select()
    .from(users)
    .where(UUID_RE.test(ref) ? eq(users.id, ref) : eq(users.email, ref.toLowerCase()))
    .limit(1);
  if (!u || u.disabled) throw badRequest(`No person "${ref}" can sponsor an agent.`, [{ path: "sponsor", message: "Unknown person." }]);
  return u;
}

function scopeSnapshot(entries: Pick<ScopeEntryInput, "dimension" | "pattern" | "validFrom" | "validUntil">[]) {
  return entries.map((e) => ({
    dimension: e.dimension,
    pattern: e.pattern,
    valid_from: e.validFrom ? e.validFrom.toISOString() : null,
    valid_until: e.validUntil ? e.validUntil.toISOString() : null,
  }));
}

function agentSnapshot(a: Agent, teamSlug: string, sponsorEmail: string) {
  return {
    slug: a.slug,
    name: a.name,
    kind: a.kind,
    role: a.role,
    description: a.description,
    team: teamSlug,
    sponsor: sponsorEmail,
    model: a.model,
    toolchain: a.toolchainVersion,
    review_period_days: a.reviewPeriodDays,
    status: a.status,
  };
}

export async function createAgent(db: Db, input: AgentInput, actor: Actor): Promise<Agent> {
  const team = await resolveTeam(db, input.team);
  const sponsor = await resolveSponsor(db, input.sponsor);
  if (await findAgent(db, input.slug)) throw conflict(`An agent with slug "${input.slug}" already exists.`);
  try {
    return await transaction(db, async (tx) => {
      const [agent] = await tx
        .insert(agents)
        .values({
          slug: input.slug,
          name: input.name,
          kind: input.kind,
          role: input.role,
          description: input.description ?? null,
          teamId: team.id,
          sponsorId: sponsor.id,
          model: input.model,
          toolchainVersion: input.toolchainVersion,
          reviewPeriodDays: input.reviewPeriodDays ?? null,
          statusChangedAt: new Date(),
          statusChangedBy: actor.userId,
        })
        .returning();
      if (input.scope.length) await tx.insert(agentScopes).values(input.scope.map((e) => ({ ...e, agentId: agent.id })));
      await appendAuditEvents(tx, [
        {
          ...auditActor(actor),
          type: "agent.register",
          agentId: agent.id,
          agentSlug: agent.slug,
          resource: `agent:${agent.slug}`,
          payload: { before: null, after: { ...agentSnapshot(agent, team.slug, sponsor.email), scope: scopeSnapshot(input.scope) } },
        },
      ]);
      await bumpControlVersion(tx);
      return agent;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`An agent with slug "${input.slug}" already exists.`);
    throw err;
  }
}

/** Partial update; `scope` (when given) replaces the whole allowlist. Audited with before/after. */
export async function updateAgent(db: Db, input: AgentUpdate, actor: Actor): Promise<Agent> {
  const before = await findAgent(db, input.id);
  if (!before) throw notFound(`No agent "${input.id}".`);
  if (before.status === "retired") throw conflict("A retired agent cannot be changed.");
  const team = input.team !== undefined ? await resolveTeam(db, input.team) : (await db.select().from(teams).where(eq(teams.id, before.teamId)))[0];
  const sponsor =
    input.sponsor !== undefined ? await resolveSponsor(db, input.sponsor) : (await db.select().from(users).where(eq(users.id, before.sponsorId)))[0];
  const [beforeTeam] = await db.select({ slug: teams.slug }).from(teams).where(eq(teams.id, before.teamId));
  const [beforeSponsor] = await db.select({ email: users.email }).from(users).where(eq(users.id, before.sponsorId));
  if (input.slug && input.slug !== before.slug && (await findAgent(db, input.slug))) throw conflict(`An agent with slug "${input.slug}" already exists.`);
  try {
    return await transaction(db, async (tx) => {
      const beforeScope = await tx.select().from(agentScopes).where(eq(agentScopes.agentId, before.id));
      const [after] = await tx
        .update(agents)
        .set({
          ...(input.slug !== undefined ? { slug: input.slug } : {}),
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.role !== undefined ? { role: input.role } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.model !== undefined ? { model: input.model } : {}),
          ...(input.toolchainVersion !== undefined ? { toolchainVersion: input.toolchainVersion } : {}),
          ...(input.reviewPeriodDays !== undefined ? { reviewPeriodDays: input.reviewPeriodDays } : {}),
          teamId: team.id,
          sponsorId: sponsor.id,
          updatedAt: new Date(),
        })
        .where(eq(agents.id, before.id))
        .returning();
      let afterScope = beforeScope;
      if (input.scope !== undefined) {
        await tx.delete(agentScopes).where(eq(agentScopes.agentId, before.id));
        afterScope = input.scope.length
          ? await tx
              .insert(agentScopes)
              .values(input.scope.map((e) => ({ ...e, agentId: before.id })))
              .returning()
          : [];
      }
      const b = { ...agentSnapshot(before, beforeTeam.slug, beforeSponsor.email), scope: scopeSnapshot(beforeScope) };
      const a = { ...agentSnapshot(after, team.slug, sponsor.email), scope: scopeSnapshot(afterScope) };
      const scopeChanged = JSON.stringify(b.scope) !== JSON.stringify(a.scope);
      await appendAuditEvents(tx, [
        {
          ...auditActor(actor),
          type: scopeChanged ? "agent.scope_change" : "agent.update",
          agentId: after.id,
          agentSlug: after.slug,
          resource: `agent:${after.slug}`,
          payload: {
            before: b,
            after: a,
            changed: Object.keys(a).filter((k) => JSON.stringify(a[k as keyof typeof a]) !== JSON.stringify(b[k as keyof typeof b])),
          },
        },
      ]);
      // Scope is read by the decision engine's caches: every instance must see the change.
      if (scopeChanged) await bumpControlVersion(tx);
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`An agent with slug "${input.slug}" already exists.`);
    throw err;
  }
}

/** Touches `agents.last_seen_at` (used by hooks/events of other domains). */
export async function markSeen(db: Db, agentId: string) {
  await db.execute(sql`update agents set last_seen_at = now() where id = ${agentId}`);
}
