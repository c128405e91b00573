import { asc, desc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { integrationTokens, teams, users } from "@/db/schema";
import { conflict, notFound } from "@/lib/http/errors";
import { generateToken, type IntegrationScope } from "@/lib/auth/tokens";
import { revokeAllSessions } from "@/lib/auth/people";
import type { AuditInput } from "@/lib/audit/record";
import { audited } from "@/lib/audit/audited";
import type { Role } from "@/lib/auth/permissions";
import { auditActor, type Actor } from "@/lib/auth/actor";

/** The audit event of a governance act (by an admin in settings, the operator CLI as "cli"). */
export function act(actor: Actor, type: string, resource: string, payload?: unknown): AuditInput {
  return { ...auditActor(actor), type, resource, payload };
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

/** The one team creation (Settings → Teams and POST /api/v1/teams): the team and its audit event together. */
export async function createTeam(db: Db, input: { slug: string; name: string }, actor: Actor) {
  return audited(db, async (tx) => {
    const [team] = await tx.insert(teams).values(input).onConflictDoNothing().returning();
    if (!team) throw conflict(`A team with slug "${input.slug}" already exists.`);
    return { result: team, events: [{ ...auditActor(actor), type: "team.create", resource: `team:${team.slug}`, payload: { after: team } }] };
  });
}

/** Role change or disabling ends the person's sessions at once (their next request re-checks). */
export async function updatePerson(db: Db, input: { id: string; role?: Role; disabled?: boolean; unlinkSso?: true }, actor: Actor) {
  const [before] = await db.select().from(users).where(eq(users.id, input.id)).limit(1);
  if (!before) throw notFound("No such person.");
  if (input.unlinkSso) return unlinkSso(db, before, actor);
  return audited(db, async (tx) => {
    const [after] = await tx
      .update(users)
      .set({
        ...(input.role ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, input.id))
      .returning();
    if (input.disabled) await revokeAllSessions(tx, input.id);
    const type = input.disabled !== undefined ? (input.disabled ? "person.disable" : "person.enable") : "person.role_change";
    return {
      result: after,
      events: [
        act(actor, type, `person:${before.email}`, {
          before: { role: before.role, disabled: before.disabled },
          after: { role: after.role, disabled: after.disabled },
        }),
      ],
    };
  });
}

/**
 * Frees a person from the SSO identity they are bound to, so that the next SSO sign-in with
 * their verified email binds a new one (a recreated account at the provider). Their sessions end.
 */
async function unlinkSso(db: Db, person: typeof users.$inferSelect, actor: Actor) {
  if (person.ssoSubject === null) throw conflict("This person is not linked to a single sign-on identity.");
  return audited(db, async (tx) => {
    const [after] = await tx.update(users).set({ ssoIssuer: null, ssoSubject: null, updatedAt: new Date() }).where(eq(users.id, person.id)).returning();
    await revokeAllSessions(tx, person.id);
    return { result: after, events: [act(actor, "person.sso_unlink", `person:${person.email}`, { issuer: person.ssoIssuer })] };
  });
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
export async function createIntegrationToken(db: Db, input: { name: string; scopes: IntegrationScope[]; ttlSeconds?: number }, actor: Actor) {
  const { token, hash, prefix } = generateToken("integration");
  const expiresAt = input.ttlSeconds ? new Date(Date.now() + input.ttlSeconds * 1000) : null;
  return audited(db, async (tx) => {
    const [row] = await tx
      .insert(integrationTokens)
      .values({ name: input.name, scopes: input.scopes, hash, prefix, expiresAt, createdBy: actor.userId })
      .returning({ id: integrationTokens.id });
    return {
      result: { id: row.id, token, prefix, expiresAt },
      events: [act(actor, "integration_token.create", `integration_token:${prefix}`, { name: input.name, scopes: input.scopes, expires_at: expiresAt })],
    };
  });
}

export async function revokeIntegrationToken(db: Db, id: string, actor: Actor) {
  await audited(db, async (tx) => {
    const [row] = await tx
      .update(integrationTokens)
      .set({ revokedAt: new Date() })
      .where(eq(integrationTokens.id, id))
      .returning({ prefix: integrationTokens.prefix });
    if (!row) throw notFound("No such token.");
    return { result: undefined, events: [act(actor, "integration_token.revoke", `integration_token:${row.prefix}`)] };
  });
}
