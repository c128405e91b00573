"use server";
import { revalidatePath } from "next/cache";
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { alertWebhooks, violations } from "@/db/schema";
import { authedAction } from "@/lib/auth/action";
import { personActor } from "@/lib/auth/actor";
import { conflict, notFound } from "@/lib/http/errors";
import { killAgent } from "@/lib/registry/lifecycle";
import { idSchema, killFromViolationSchema, triageSchema, webhookSchema, webhookToggleSchema } from "./schemas";
import { noteKill, triageViolations } from "./triage";
import { createWebhook, deleteWebhook, setWebhookEnabled } from "./webhooks";

export const triageViolationsAction = authedAction("violations:triage", triageSchema, async (input, user) => {
  const res = await triageViolations(await getDb(), input, personActor(user));
  revalidatePath("/violations");
  for (const id of input.ids) revalidatePath(`/violations/${id}`);
  return res;
});

/** The kill switch from a violation page: the agent it names, with the reason noted on the violation too. */
export const killAgentFromViolationAction = authedAction("agents:kill", killFromViolationSchema, async (input, user) => {
  const db = await getDb();
  const [v] = await db.select({ agentId: violations.agentId }).from(violations).where(eq(violations.id, input.violationId));
  if (!v) throw notFound("No such violation.");
  if (!v.agentId) throw conflict("This violation names no registered agent to kill.");
  const res = await killAgent(db, v.agentId, input.reason, personActor(user));
  await noteKill(db, input.violationId, personActor(user), input.reason);
  revalidatePath(`/violations/${input.violationId}`);
  return { agent: res.agent.slug, cancelledApprovals: res.cancelledApprovals, endedSessions: res.endedSessions };
});

// Alert routing is a security lead's call (where do critical alerts go?), so these take
// violations:triage (admin + security lead) rather than the admin-only settings:manage.
export const createWebhookAction = authedAction("violations:triage", webhookSchema, async (input, user) => {
  const res = await createWebhook(await getDb(), input, personActor(user));
  revalidatePath("/violations/alerts");
  return res;
});

export const toggleWebhookAction = authedAction("violations:triage", webhookToggleSchema, async (input, user) => {
  await setWebhookEnabled(await getDb(), input.id, input.enabled, personActor(user));
  revalidatePath("/violations/alerts");
  return null;
});

export const deleteWebhookAction = authedAction("violations:triage", idSchema, async (input, user) => {
  const db = await getDb();
  const [h] = await db.select({ id: alertWebhooks.id }).from(alertWebhooks).where(eq(alertWebhooks.id, input.id));
  if (!h) throw notFound("No such webhook.");
  await deleteWebhook(db, input.id, personActor(user));
  revalidatePath("/violations/alerts");
  return null;
});
