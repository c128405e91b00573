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

/** Records a governance act by a person (an admin in settings, the CLI as "cli"). */
export function recordAct(db: Db, actor: Actor, type: string, resource: string, payload?: unknown) {
  return recordAudit(db, { actorKind: "human", actorUserId: actor.id, actorLabel: actor.label, type, resource, payload });
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
      ssoLinked: sql<boolean>`${users.ssoSubject} IS NOT NULL`,
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
      // "teams"."id" spelled out: drizzle renders ${teams.id} as a bare "id" here, which inside
      // the subquery meant the agent's / user's own id, so every team counted 0.
      agents: sql<number>`(select count(*) from agents a where a.team_id = "teams"."id")::int`,
      people: sql<number>`(select count(*) from users u where u.team_id = "teams"."id")::int`,
    })
    .from(teams)
    .orderBy(asc(teams.slug));
}

export async function createTeam(db: Db, input: { slug: string; name: string }, actor: Actor) {
  const existing = await db.select({ id: teams.id }).from(teams).where(eq(teams.slug, input.slug)).limit(1);
  if (existing.length) throw conflict(`A team with slug "${input.slug}" already exists.`);
  const [team] = await db.insert(teams).values(input).returning();
  await recordAct(db, actor, "team.create", `team:${team.slug}`, { after: team });
  return team;
}

/** Role change or disabling ends the person's sessions at once (their next request re-checks). */
export async function updatePerson(db: Db, input: { id: string; role?: Role; disabled?: boolean; unlinkSso?: true }, actor: Actor) {
  const [before] = await db.select().from(users).where(eq(users.id, input.id)).limit(1);
  if (!before) throw notFound("No such person.");
  if (input.unlinkSso) return unlinkSso(db, before, actor);
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
  const type = input.disabled !== undefined ? (input.disabled ? "person.disable" : "person.enable") : "person.role_change";
  await recordAct(db, actor, type, `person:${before.email}`, {
    before: { role: before.role, disabled: before.disabled },
    after: { role: after.role, disabled: after.disabled },
  });
  return after;
}

/**
 * Frees a person from the SSO identity they are bound to, so that the next SSO sign-in with
 * their verified email binds a new one (a recreated account at the provider). Their sessions end.
 */
async function unlinkSso(db: Db, person: typeof users.$inferSelect, actor: Actor) {
  if (person.ssoSubject === null) throw conflict("This person is not linked to a single sign-on identity.");
  const [after] = await db
    .update(users)
    .set({ ssoIssuer: null, ssoSubject: null, updatedAt: new Date() })
    .where(eq(users.id, person.id))
    .returning();
  await revokeAllSessions(db, person.id);
  await recordAct(db, actor, "person.sso_unlink", `person:${person.email}`, { issuer: person.ssoIssuer });
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
  await recordAct(db, actor, "integration_token.create", `integration_token:${prefix}`, {
    name: input.name,
    scopes: input.scopes,
    expires_at: expiresAt,
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
  await recordAct(db, actor, "integration_token.revoke", `integration_token:${row.prefix}`);
}
