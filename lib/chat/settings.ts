import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatIntegrations } from "@/db/schema";
import { audited } from "@/lib/audit/audited";
import { slackRow, teamsRow, type SlackInput } from "./config";

interface Actor {
  id: string;
  email: string;
}

function upsert(tx: Db, row: { provider: string; enabled: boolean; config: unknown; secrets: string }, actor: Actor) {
  return tx
    .insert(chatIntegrations)
    .values({ ...row, updatedBy: actor.id })
    .onConflictDoUpdate({
      target: chatIntegrations.provider,
      set: { enabled: row.enabled, config: row.config, secrets: row.secrets, updatedAt: sql`now()`, updatedBy: actor.id },
    });
}

/** Saves the Slack integration (blank credentials keep the stored ones); audited without the secrets. */
export async function saveSlack(db: Db, input: SlackInput, actor: Actor) {
  const row = await slackRow(db, input);
  await audited(db, async (tx) => {
    await upsert(tx, row, actor);
    return {
      result: undefined,
      events: [
        {
          actorKind: "human",
          actorUserId: actor.id,
          actorLabel: actor.email,
          type: "chat_integration.update",
          resource: "chat_integration:slack",
          payload: { enabled: row.enabled, ...row.config, credentials_set: row.masked },
        },
      ],
    };
  });
}

export async function saveTeams(db: Db, input: { enabled: boolean; workflowUrl?: string }, actor: Actor) {
  const row = await teamsRow(db, input);
  await audited(db, async (tx) => {
    await upsert(tx, row, actor);
    return {
      result: undefined,
      events: [
        {
          actorKind: "human",
          actorUserId: actor.id,
          actorLabel: actor.email,
          type: "chat_integration.update",
          resource: "chat_integration:teams",
          payload: { enabled: row.enabled },
        },
      ],
    };
  });
}
