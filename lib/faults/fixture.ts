// Real registry rows for the fault tests, made through the domain functions (no raw inserts
// of agents or tokens): a team, a sponsor, an admin, one agent with a wide scope and its
// token, and an integration token with events:write.
import type { Db } from "@/db/client";
import { registryFixture } from "@/lib/registry/testing/fixtures";
import { createAgent } from "@/lib/registry/write";
import { issueAgentToken } from "@/lib/registry/tokens";
import { entriesFromLists } from "@/lib/registry/scope";

export interface FaultFixture {
  agentId: string;
  agentSlug: string;
  agentToken: string;
  integrationToken: string;
}

export async function faultFixture(db: Db, tag: string): Promise<FaultFixture> {
  const fx = await registryFixture(db, tag);
  const agent = await createAgent(
    db,
    {
      slug: `fault-${tag}`,
      name: `Fault ${tag}`,
      role: "test-automation",
      kind: "claude_code",
      team: fx.team.slug,
      sponsor: fx.sponsor.email,
      model: "claude-sonnet-4-5",
      toolchainVersion: "claude-code 2.0",
      scope: entriesFromLists({
        repositories: ["acme/*"],
        branches: ["feature/*", "main"],
        environments: ["dev", "staging"],
        tools: ["Bash", "Edit", "Read"],
        paths: ["**"],
      }),
    },
    fx.actor,
  );
  const t = await issueAgentToken(db, agent.id, { ttlSeconds: 3600 }, fx.actor);
  return { agentId: agent.id, agentSlug: agent.slug, agentToken: t.token, integrationToken: await fx.token(["events:write"]) };
}

/**
 * A decision request that the default policy answers `allow` (free-read) when the database
 * is up: so "never allow during the outage" is a real claim, not a vacuous one.
 */
export const ALLOWED_ACTION = { action: { type: "file.read", tool: "Read", repository: "acme/pay", branch: "main", resource: "src/a.ts" } };
