// Real rows (no mocks) for the authorization matrix and the fuzzers: people of every role
// with live sessions, agents A/B (active) and C (killed) with tokens, expired and revoked
// tokens, one integration token per scope. Test-only.
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { agentTokens, agents, approvalRequests, integrationTokens, users } from "@/db/schema";
import { createUserSession } from "@/lib/auth/people";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { generateToken, INTEGRATION_SCOPES, type IntegrationScope } from "@/lib/auth/tokens";
import { createIntegrationToken } from "@/lib/people/queries";
import { killAgent, resumeAgent } from "@/lib/registry/lifecycle";
import { entriesFromLists } from "@/lib/registry/scope";
import { registryFixture } from "@/lib/registry/testing/fixtures";
import { issueAgentToken } from "@/lib/registry/tokens";
import { createAgent } from "@/lib/registry/write";
import type { CallerKind } from "./access-table";
import { personActor } from "@/lib/auth/actor";

const SCOPE = entriesFromLists({
  repositories: ["acme/*"],
  branches: ["feature/*"],
  environments: ["dev", "staging"],
  tools: ["Bash", "Edit", "Read"],
  paths: ["src/**"],
  endpoints: ["https://registry.npmjs.org"],
});

export type SecurityFixture = Awaited<ReturnType<typeof securityFixture>>;

export async function securityFixture(db: Db, tag = Math.random().toString(36).slice(2, 8)) {
  const fx = await registryFixture(db, `sec-${tag}`);
  const makeAgent = async (name: string) => {
    const agent = await createAgent(
      db,
      {
        slug: `${name}-${tag}`,
        name,
        role: "refactoring",
        kind: "claude_code",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "claude-sonnet-4-5",
        toolchainVersion: "claude-code 2.0",
        scope: SCOPE,
      },
      fx.actor,
    );
    const t = await issueAgentToken(db, agent.id, { ttlSeconds: 3600 }, fx.actor);
    return { agent, token: t.token, tokenId: t.id };
  };
  const a = await makeAgent("agent-a");
  const b = await makeAgent("agent-b");
  const c = await makeAgent("agent-c");
  await killAgent(db, c.agent.id, "security matrix: suspended caller", fx.actor);

  // An expired and a revoked token of agent A (inserted: issuing refuses a past expiry).
  const expired = generateToken("agent");
  await db.insert(agentTokens).values({ agentId: a.agent.id, prefix: expired.prefix, hash: expired.hash, expiresAt: new Date(Date.now() - 60_000) });
  const revoked = await issueAgentToken(db, a.agent.id, { ttlSeconds: 3600 }, fx.actor);
  await db
    .update(agentTokens)
    .set({ revokedAt: new Date(Date.now() - 1000) })
    .where(eq(agentTokens.id, revoked.id));

  // Integration tokens with every scope that are expired / revoked: the state refuses them, not a scope.
  const allScopes = [...INTEGRATION_SCOPES] as IntegrationScope[];
  const expiredInt = generateToken("integration");
  await db
    .insert(integrationTokens)
    .values({ name: "expired", scopes: allScopes, hash: expiredInt.hash, prefix: expiredInt.prefix, expiresAt: new Date(Date.now() - 60_000) });
  const revokedInt = await createIntegrationToken(db, { name: "revoked", scopes: allScopes }, personActor(fx.admin));
  await db
    .update(integrationTokens)
    .set({ revokedAt: new Date(Date.now() - 1000) })
    .where(eq(integrationTokens.id, revokedInt.id));

  const scoped = {} as Record<IntegrationScope, string>;
  for (const s of INTEGRATION_SCOPES) scoped[s] = await fx.token([s]);

  // Pending approval requests of A and of C, so /approvals/:id has something real to protect.
  const approval = async (agentId: string) =>
    (
      await db
        .insert(approvalRequests)
        .values({ agentId, actionType: "git.push", action: { type: "git.push" }, expiresAt: new Date(Date.now() + 3600_000) })
        .returning({ id: approvalRequests.id })
    )[0].id;
  const approvalA = await approval(a.agent.id);
  const approvalC = await approval(c.agent.id);

  // One person of each role, each with a live server-side session (the real session check runs).
  const people = {} as Record<Role, { id: string; email: string; sid: string }>;
  for (const role of ROLES) {
    const [u] = await db
      .insert(users)
      .values({ email: `${role}-${tag}@acme.test`, name: `${role} ${tag}`, role, teamId: fx.team.id })
      .returning();
    people[role] = { id: u.id, email: u.email, sid: await createUserSession(db, u.id, 3600) };
  }

  const tokens: Partial<Record<CallerKind, string>> = {
    malformed: "not-a-gatehouse-token",
    unknown: generateToken("agent").token,
    expired: expired.token,
    revoked: revoked.token,
    expired_integration: expiredInt.token,
    revoked_integration: revokedInt.token,
    agent_own: a.token,
    agent_other: b.token,
    agent_suspended: c.token,
  };
  for (const s of INTEGRATION_SCOPES) tokens[`scope:${s}`] = scoped[s];

  /** Puts A back to active and C back to suspended after a route that changes them. */
  const restore = async () => {
    await resumeAgent(db, a.agent.id, "security matrix: restore", fx.actor);
    const [cRow] = await db.select({ status: agents.status }).from(agents).where(eq(agents.id, c.agent.id));
    if (cRow.status !== "suspended") await killAgent(db, c.agent.id, "security matrix: restore", fx.actor);
  };

  return { ...fx, a, b, c, tokens, scoped, approvalA, approvalC, people, restore };
}
