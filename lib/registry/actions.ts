"use server";
import { revalidatePath } from "next/cache";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Db } from "@/lib/db";
import { shadowAgents } from "@/db/schema";
import { auditActor, personActor } from "@/lib/auth/actor";
import { authedAction } from "@/lib/auth/action";
import type { CurrentUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record";
import { notFound } from "@/lib/http/errors";
import { assertTeam } from "./authz";
import { freezeFleet, killAgent, recordAccessReview, resumeAgent, retireAgent, unfreezeFleet } from "./lifecycle";
import { requireAgent } from "./lookup";
import { agentInputSchema, agentUpdateSchema, MAX_TOKEN_TTL_SECONDS, reasonSchema } from "./schemas";
import { issueAgentToken, revokeAgentToken, rotateAgentToken } from "./tokens";
import { createAgent, resolveTeam, updateAgent } from "./write";

const actorOf = (u: CurrentUser) => personActor(u);

async function agentForTeamAct(db: Db, user: CurrentUser, idOrSlug: string) {
  const agent = await requireAgent(db, idOrSlug);
  assertTeam(user, agent.teamId);
  return agent;
}

function refresh(slug?: string) {
  revalidatePath("/agents");
  if (slug) revalidatePath(`/agents/${slug}`);
}

const createSchema = agentInputSchema.extend({ shadowId: z.preprocess((v) => (v === "" ? undefined : v), z.string().uuid().optional()) });

export const createAgentAction = authedAction("agents:manage", createSchema, async ({ shadowId, ...input }, user) => {
  const db = await getDb();
  assertTeam(user, (await resolveTeam(db, input.team)).id);
  const agent = await createAgent(db, input, actorOf(user));
  // Registered from a shadow sighting: link it, so the shadow list shows it as registered.
  if (shadowId) await db.update(shadowAgents).set({ registeredAgentId: agent.id, blocked: false }).where(eq(shadowAgents.id, shadowId));
  refresh();
  return { id: agent.id, slug: agent.slug };
});

export const updateAgentAction = authedAction("agents:manage", agentUpdateSchema, async (input, user) => {
  const db = await getDb();
  await agentForTeamAct(db, user, input.id);
  if (input.team !== undefined) assertTeam(user, (await resolveTeam(db, input.team)).id);
  const agent = await updateAgent(db, input, actorOf(user));
  refresh(agent.slug);
  return { id: agent.id, slug: agent.slug };
});

const idReason = reasonSchema.extend({ id: z.string().min(1) });

export const killAgentAction = authedAction("agents:kill", idReason, async (input, user) => {
  const r = await killAgent(await getDb(), input.id, input.reason, actorOf(user));
  refresh(r.agent.slug);
  return { status: r.agent.status, cancelledApprovals: r.cancelledApprovals, endedSessions: r.endedSessions };
});

export const resumeAgentAction = authedAction("agents:resume", idReason, async (input, user) => {
  const agent = await resumeAgent(await getDb(), input.id, input.reason, actorOf(user));
  refresh(agent.slug);
  return { status: agent.status };
});

export const retireAgentAction = authedAction("agents:manage", idReason, async (input, user) => {
  const db = await getDb();
  await agentForTeamAct(db, user, input.id);
  const agent = await retireAgent(db, input.id, input.reason, actorOf(user));
  refresh(agent.slug);
  return { status: agent.status };
});

const reasonOnly = reasonSchema;

export const freezeFleetAction = authedAction("fleet:freeze", reasonOnly, async (input, user) => {
  const r = await freezeFleet(await getDb(), input.reason, actorOf(user));
  refresh();
  return r;
});

export const unfreezeFleetAction = authedAction("fleet:freeze", reasonOnly, async (input, user) => {
  await unfreezeFleet(await getDb(), input.reason, actorOf(user));
  refresh();
  return null;
});

const issueSchema = z.object({
  agentId: z.string().min(1),
  ttlSeconds: z.coerce.number().int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional(),
  name: z.string().trim().max(120).optional(),
});

export const issueTokenAction = authedAction("agents:tokens", issueSchema, async (input, user) => {
  const db = await getDb();
  const agent = await agentForTeamAct(db, user, input.agentId);
  const t = await issueAgentToken(db, agent.id, { ttlSeconds: input.ttlSeconds, name: input.name || null }, actorOf(user));
  refresh(agent.slug);
  return { token: t.token, prefix: t.prefix, expiresAt: t.expiresAt.toISOString() };
});

const tokenRef = z.object({ agentId: z.string().min(1), tokenId: z.string().uuid() });

export const rotateTokenAction = authedAction(
  "agents:tokens",
  tokenRef.extend({ graceSeconds: z.coerce.number().int().min(0).max(86_400).default(0) }),
  async (input, user) => {
    const db = await getDb();
    const agent = await agentForTeamAct(db, user, input.agentId);
    const t = await rotateAgentToken(db, input.tokenId, { graceSeconds: input.graceSeconds, agentId: agent.id }, actorOf(user));
    refresh(agent.slug);
    return { token: t.token, prefix: t.prefix, expiresAt: t.expiresAt.toISOString(), oldStopsAt: t.oldStopsAt.toISOString() };
  },
);

export const revokeTokenAction = authedAction("agents:tokens", tokenRef, async (input, user) => {
  const db = await getDb();
  const agent = await agentForTeamAct(db, user, input.agentId);
  await revokeAgentToken(db, input.tokenId, "revoked in the dashboard", actorOf(user), agent.id);
  refresh(agent.slug);
  return null;
});

const reviewSchema = z.object({
  agentId: z.string().min(1),
  outcome: z.enum(["keep", "reduce", "revoke"]),
  notes: z.string().trim().max(2000).optional(),
  revokeAs: z.enum(["retire", "suspend"]).default("retire"),
});

export const recordReviewAction = authedAction("agents:review", reviewSchema, async (input, user) => {
  const db = await getDb();
  const agent = await agentForTeamAct(db, user, input.agentId);
  await recordAccessReview(db, agent.id, { outcome: input.outcome, notes: input.notes || null, revokeAs: input.revokeAs }, actorOf(user));
  refresh(agent.slug);
  return null;
});

export const blockShadowAction = authedAction("agents:manage", z.object({ id: z.string().uuid(), blocked: z.boolean().default(true) }), async (input, user) => {
  const db = await getDb();
  const [row] = await db.update(shadowAgents).set({ blocked: input.blocked }).where(eq(shadowAgents.id, input.id)).returning();
  if (!row) throw notFound("No such shadow agent.");
  await recordAudit(db, {
    ...auditActor(personActor(user)),
    type: input.blocked ? "shadow_agent.block" : "shadow_agent.unblock",
    agentSlug: row.identifier,
    resource: `shadow_agent:${row.identifier}`,
    payload: { source: row.source, sightings: row.sightings },
  });
  revalidatePath("/agents");
  return null;
});
