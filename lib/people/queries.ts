import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { integrationTokens, teams, users } from "@/db/schema";
import { conflict, notFound } from "@/lib/http/errors";
import { generateToken, type IntegrationScope } from "@/lib/auth/tokens";
import { revokeAllSessions } from "@/lib/auth/people";
import { recordAudit } from "@/lib/audit/record";
import type { Role } from "@/lib/auth/permissions";

export interface Actor {
  id: string | null;
  label: string;
}

export async function listPeople(db: Db) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      disabled: users.disabled,
      teamName: teams.name,
      lastLoginAt: users.lastLoginAt,
    })
    .from(users)
    .leftJoin(teams, eq(teams.id, users.teamId))
    .orderBy(asc(users.email));
}

export async function listTeams(db: Db) {
  return db
    .select({
      id: teams.id,
      slug: teams.slug,
      name: teams.name,
      createdAt: teams.createdAt,
      agents: sql<number>`(select count(*) from agents a where a.team_id = ${teams.id})::int`,
      people: sql<number>`(select count(*) from users u where u.team_id = ${teams.id})::int`,
    })
    .from(teams)
    .orderBy(asc(teams.slug));
}

export async function createTeam(db: Db, input: { slug: string; name: string }, actor: Actor) {
  const existing = await db.select({ id: teams.id }).from(teams).where(eq(teams.slug, input.slug)).limit(1);
  if (existing.length) throw conflict(`A team with slug "${input.slug}" already exists.`);
  const [team] = await db.insert(teams).values(input).returning();
  await recordAudit(db, {
    actorKind: "human",
    actorUserId: actor.id,
    actorLabel: actor.label,
    type: "team.create",
    resource: `team:${team.slug}`,
    payload: { after: team },
  });
  return team;
}

/** Role change or disabling ends the person's sessions at once (their next request re-checks). */
export async function updatePerson(db: Db, input: { id: string; role?: Role; disabled?: boolean }, actor: Actor) {
  const [before] = await db.select().from(users).where(eq(users.id, input.id)).limit(1);
  if (!before) throw notFound("No such person.");
  const [after] = await db
    .update(users)
    .set({
      ...(input.role ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
      updatedAt: new Date(),
    })
    .where(eq(users.id, input.id))
    .returning();
  if (input.disabled) await revokeAllSessions(db, input.id);
  await recordAudit(db, {
    actorKind: "human",
    actorUserId: actor.id,
    actorLabel: actor.label,
    type: input.disabled !== undefined ? (input.disabled ? "person.disable" : "person.enable") : "person.role_change",
    resource: `person:${before.email}`,
    payload: { before: { role: before.role, disabled: before.disabled }, after: { role: after.role, disabled: after.disabled } },
  });
  return after;
}

export async function listIntegrationTokens(db: Db) {
  return db
    .select({
      id: integrationTokens.id,
      name: integrationTokens.name,
      prefix: integrationTokens.prefix,
      scopes: integrationTokens.scopes,
      createdAt: integrationTokens.createdAt,
      expiresAt: integrationTokens.expiresAt,
      revokedAt: integrationTokens.revokedAt,
      lastUsedAt: integrationTokens.lastUsedAt,
    })
    .from(integrationTokens)
    .orderBy(desc(integrationTokens.createdAt));
}

/** Returns the token text: the only time it exists outside the caller's hands. */
export async function createIntegrationToken(
  db: Db,
  input: { name: string; scopes: IntegrationScope[]; ttlSeconds?: number },
  actor: Actor,
) {
  const { token, hash, prefix } = generateToken("integration");
  const expiresAt = input.ttlSeconds ? new Date(Date.now() + input.ttlSeconds * 1000) : null;
  const [row] = await db
    .insert(integrationTokens)
    .values({ name: input.name, scopes: input.scopes, hash, prefix, expiresAt, createdBy: actor.id })
    .returning({ id: integrationTokens.id });
  await recordAudit(db, {
    actorKind: "human",
    actorUserId: actor.id,
    actorLabel: actor.label,
    type: "integration_token.create",
    resource: `integration_token:${prefix}`,
    payload: { name: input.name, scopes: input.scopes, expires_at: expiresAt },
  });
  return { id: row.id, token, prefix, expiresAt };
}

export async function revokeIntegrationToken(db: Db, id: string, actor: Actor) {
  const [row] = await db
    .update(integrationTokens)
    .set({ revokedAt: new Date() })
    .where(eq(integrationTokens.id, id))
    .returning({ prefix: integrationTokens.prefix });
  if (!row) throw notFound("No such token.");
  await recordAudit(db, {
    actorKind: "human",
    actorUserId: actor.id,
    actorLabel: actor.label,
    type: "integration_token.revoke",
    resource: `integration_token:${row.prefix}`,
  });
}
