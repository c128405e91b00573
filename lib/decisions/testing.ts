import type { Db } from "@/db/client";
import { registryFixture } from "@/lib/registry/testing/fixtures";
import { createAgent } from "@/lib/registry/write";
import { issueAgentToken } from "@/lib/registry/tokens";
import { entriesFromLists, type ScopeLists } from "@/lib/registry/scope";

export const WIDE_SCOPE: ScopeLists = {
  repositories: ["acme/*"],
  branches: ["feature/*", "main"],
  environments: ["dev", "staging", "prod"],
  tools: ["Bash", "Edit", "Read", "Write", "WebFetch", "mcp__*"],
  paths: ["**"],
  endpoints: ["https://registry.npmjs.org"],
};

/** Real rows for decision tests: a team, sponsor, admin, and agents with tokens. */
export async function decisionFixture(db: Db, tag: string) {
  const fx = await registryFixture(db, tag);
  const agent = async (slug: string, scope: ScopeLists = WIDE_SCOPE, ttlSeconds = 3600) => {
    const row = await createAgent(
      db,
      {
        slug: `${slug}-${tag}`,
        name: slug,
        role: "refactoring",
        kind: "claude_code",
        team: fx.team.slug,
        sponsor: fx.sponsor.email,
        model: "claude-sonnet-4-5",
        toolchainVersion: "claude-code 2.0",
        scope: entriesFromLists(scope),
      },
      fx.actor,
    );
    const t = await issueAgentToken(db, row.id, { ttlSeconds }, fx.actor);
    return { agent: row, token: t.token, tokenId: t.id };
  };
  return { ...fx, agent };
}
