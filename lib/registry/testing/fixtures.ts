import { teams, users } from "@/db/schema";
import type { Db } from "@/db/client";
import { createIntegrationToken } from "@/lib/people/queries";
import type { IntegrationScope } from "@/lib/auth/tokens";
import { personActor, type PersonActor } from "@/lib/auth/actor";

/** Real rows (no mocks) that registry tests build on: a team, a sponsor, integration tokens. */
export async function registryFixture(db: Db, tag = Math.random().toString(36).slice(2, 8)) {
  const [team] = await db
    .insert(teams)
    .values({ slug: `team-${tag}`, name: `Team ${tag}` })
    .returning();
  const [sponsor] = await db
    .insert(users)
    .values({ email: `sponsor-${tag}@acme.test`, name: `Sponsor ${tag}`, role: "eng_manager", teamId: team.id })
    .returning();
  const [admin] = await db
    .insert(users)
    .values({ email: `admin-${tag}@acme.test`, name: `Admin ${tag}`, role: "admin" })
    .returning();
  const actor: PersonActor = personActor(admin);
  const token = async (scopes: IntegrationScope[]) => (await createIntegrationToken(db, { name: `test ${scopes.join(",")}`, scopes }, actor)).token;
  return { team, sponsor, admin, actor, token, tag };
}

export function agentBody(tag: string, team: string, sponsor: string, extra: Record<string, unknown> = {}) {
  return {
    slug: `agent-${tag}`,
    name: `Agent ${tag}`,
    role: "code-review",
    team,
    sponsor,
    model: "claude-sonnet-4-5",
    toolchain: "claude-code 2.0.14",
    scope: {
      repositories: ["acme/*"],
      branches: ["feature/*"],
      environments: ["dev", "staging"],
      tools: ["Bash(npm run test:*)", "Edit"],
      paths: ["src/**"],
      endpoints: ["https://registry.npmjs.org"],
    },
    ...extra,
  };
}
