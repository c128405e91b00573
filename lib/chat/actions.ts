"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { testSend } from "./deliver";
import { linkChatUser, unlinkChatUser } from "./links";
import { saveSlack, saveTeams } from "./settings";

const url = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => s === "" || /^https?:\/\//i.test(s), "Give an http(s) URL.")
  .optional();
const secret = z.string().trim().max(500).optional();

const slackSchema = z
  .object({
    enabled: z.coerce.boolean(),
    mode: z.enum(["bot", "webhook"]),
    channel: z.string().trim().max(200).optional(),
    apiUrl: url,
    webhookUrl: url,
    botToken: secret,
    signingSecret: secret,
  })
  .refine((v) => v.mode !== "bot" || !!v.channel, { path: ["channel"], message: "A bot token posts to a channel: name it (e.g. #approvals or C0123…)." });

export const saveSlackAction = authedAction("settings:manage", slackSchema, async (input, user) => {
  await saveSlack(await getDb(), input, personActor(user));
  revalidatePath("/settings/integrations");
  return { saved: true };
});

export const saveTeamsAction = authedAction("settings:manage", z.object({ enabled: z.coerce.boolean(), workflowUrl: url }), async (input, user) => {
  await saveTeams(await getDb(), input, personActor(user));
  revalidatePath("/settings/integrations");
  return { saved: true };
});

export const testSendAction = authedAction("settings:manage", z.object({ provider: z.enum(["slack", "teams"]) }), async (input) => {
  const r = await testSend(await getDb(), input.provider);
  return { status: r.status, error: r.error };
});

export const unlinkChatUserAction = authedAction("settings:manage", z.object({ id: z.string().uuid() }), async (input, user) => {
  await unlinkChatUser(await getDb(), input.id, personActor(user));
  revalidatePath("/settings/integrations");
  return { unlinked: true };
});

/** Any signed-in person links the chat user named by the token to themselves (the token says who). */
export const linkChatUserAction = authedAction("dashboard:view", z.object({ t: z.string().min(10).max(2000) }), async (input, user) => {
  await linkChatUser(await getDb(), input.t, personActor(user));
  return { linked: true };
});
