import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { chatIntegrations } from "@/db/schema";
import { audited } from "@/lib/audit/audited";
import { auditActor, type PersonActor } from "@/lib/auth/actor";
import { slackRow, teamsRow, type SlackInput } from "./config";

function upsert(tx: Db, row: { provider: string; enabled: boolean; config: unknown; secrets: string }, actor: PersonActor) {
  return tx
    .insert(chatIntegrations)
    .values({ ...row, updatedBy: actor.userId })
    .onConflictDoUpdate({
      target: chatIntegrations.provider,
      set: { enabled: row.enabled, config: row.config, secrets: row.secrets, updatedAt: sql`now()`, updatedBy: actor.userId },
    });
}

/** Saves the Slack integration (blank credentials keep the stored ones); audited without the secrets. */
export async function saveSlack(db: Db, input: SlackInput, actor: PersonActor) {
  const row = await slackRow(db, input);
  await audited(db, async (tx) => {
    await upsert(tx, row, actor);
    return {
      result: undefined,
      events: [
        {
          ...auditActor(actor),
          type: "chat_integration.update",
          resource: "chat_integration:slack",
          payload: { enabled: row.enabled, ...row.config, credentials_set: row.masked },
        },
      ],
    };
  });
}

export async function saveTeams(db: Db, input: { enabled: boolean; workflowUrl?: string }, actor: PersonActor) {
  const row = await teamsRow(db, input);
  await audited(db, async (tx) => {
    await upsert(tx, row, actor);
    return {
      result: undefined,
      events: [
        {
          ...auditActor(actor),
          type: "chat_integration.update",
          resource: "chat_integration:teams",
          payload: { enabled: row.enabled },
        },
      ],
    };
  });
}
