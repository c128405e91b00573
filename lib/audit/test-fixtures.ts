// Real rows for the audit integration tests (no mocks): a team, a sponsor, an agent with a
// token, and integration tokens.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { agentTokens, agents, teams, users } from "@/db/schema";
import { generateToken, type IntegrationScope } from "@/lib/auth/tokens";
import { createIntegrationToken } from "@/lib/people/queries";
import { operatorActor } from "@/lib/auth/actor";

export async function seedAgent(db: Db, slug = `agent-${randomUUID().slice(0, 8)}`) {
  const [team] = await db
    .insert(teams)
    .values({ slug: `team-${slug}`, name: `Team ${slug}` })
    .returning();
  const [sponsor] = await db
    .insert(users)
    .values({ email: `${slug}@acme.test`, name: "Sponsor", role: "eng_manager" })
    .returning();
  const [agent] = await db
    .insert(agents)
    .values({ slug, name: slug, role: "code-review", teamId: team.id, sponsorId: sponsor.id, model: "claude", toolchainVersion: "1.0" })
    .returning();
  const t = generateToken("agent");
  await db.insert(agentTokens).values({ agentId: agent.id, prefix: t.prefix, hash: t.hash, expiresAt: new Date(Date.now() + 3600_000) });
  return { agent, team, token: t.token };
}

export async function seedIntegrationToken(db: Db, scopes: IntegrationScope[]) {
  const r = await createIntegrationToken(db, { name: `test ${scopes.join(",")}`, scopes }, operatorActor("test"));
  return r.token;
}
