import { and, eq, isNull, sql } from "drizzle-orm";
import { transaction, type Db } from "@/db/client";
import { accessReviews, agentSessions, agents, approvalRequests, controlState, type Agent } from "@/db/schema";
import { appendAuditEvents, type AuditInput } from "@/lib/audit/record";
import { auditActor, type Actor, type PersonActor } from "@/lib/auth/actor";
import { conflict } from "@/lib/http/errors";
import { bumpControlVersion } from "./control";
import { requireAgent } from "./lookup";
import { revokeAllAgentTokens } from "./tokens";

/**
 * Lifecycle: active → suspended (kill) → active (resume), and → retired (final). Every change
 * runs in ONE transaction with its side effects, its audit events and bumpControlVersion, so
 * either all of it is visible to every instance or none of it is.
 */

async function tx<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return transaction(db, fn);
}

/** Cancels the pending approvals and ends the open sessions of one agent (or all, agentId null). */
async function stopWork(t: Db, agentId: string | null, why: string, actor: Actor) {
  const now = new Date();
  const cancelled = await t
    .update(approvalRequests)
    .set({ status: "cancelled", decidedAt: now, decidedByLabel: actor.label, decidedBy: actor.userId, reason: why })
    .where(and(eq(approvalRequests.status, "pending"), agentId ? eq(approvalRequests.agentId, agentId) : sql`true`))
    .returning({ id: approvalRequests.id, agentId: approvalRequests.agentId });
  const ended = await t
    .update(agentSessions)
    .set({ endedAt: now, endedReason: why })
    .where(and(isNull(agentSessions.endedAt), agentId ? eq(agentSessions.agentId, agentId) : sql`true`))
    .returning({ id: agentSessions.id });
  const events: AuditInput[] = cancelled.map((c) => ({
    ...auditActor(actor),
    type: "approval.cancel",
    agentId: c.agentId,
    approvalId: c.id,
    payload: { reason: why },
  }));
  return { cancelled, ended, events };
}

export interface KillResult {
  agent: Agent;
  cancelledApprovals: number;
  endedSessions: number;
  controlVersion: number;
}

/**
 * The kill switch. Tokens stay valid on purpose: a killed agent's token answers 403
 * agent_suspended (not 401), so harnesses learn why they stopped.
 */
export async function killAgent(db: Db, idOrSlug: string, reason: string, actor: Actor): Promise<KillResult> {
  const before = await requireAgent(db, idOrSlug);
  if (before.status === "retired") throw conflict("This agent is retired; there is nothing to kill.");
  return tx(db, async (t) => {
    const now = new Date();
    const [agent] = await t
      .update(agents)
      .set({ status: "suspended", statusChangedAt: now, statusChangedBy: actor.userId, statusReason: reason, updatedAt: now })
      .where(eq(agents.id, before.id))
      .returning();
    const work = await stopWork(t, agent.id, `agent killed: ${reason}`, actor);
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "agent.kill",
        agentId: agent.id,
        agentSlug: agent.slug,
        resource: `agent:${agent.slug}`,
        outcome: "success",
        payload: {
          reason,
          before: { status: before.status },
          after: { status: "suspended" },
          cancelled_approvals: work.cancelled.map((c) => c.id),
          ended_sessions: work.ended.map((s) => s.id),
        },
      },
      ...work.events.map((e) => ({ ...e, agentSlug: agent.slug })),
    ]);
    const snap = await bumpControlVersion(t);
    return { agent, cancelledApprovals: work.cancelled.length, endedSessions: work.ended.length, controlVersion: snap.version };
  });
}

/** Lifting a kill: an audited act with a reason (permission agents:resume is checked by callers). */
export async function resumeAgent(db: Db, idOrSlug: string, reason: string, actor: Actor): Promise<Agent> {
  const before = await requireAgent(db, idOrSlug);
  if (before.status === "retired") throw conflict("A retired agent cannot be resumed.");
  if (before.status === "active") return before;
  return tx(db, async (t) => {
    const now = new Date();
    const [agent] = await t
      .update(agents)
      .set({ status: "active", statusChangedAt: now, statusChangedBy: actor.userId, statusReason: reason, updatedAt: now })
      .where(eq(agents.id, before.id))
      .returning();
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "agent.resume",
        agentId: agent.id,
        agentSlug: agent.slug,
        resource: `agent:${agent.slug}`,
        payload: { reason, before: { status: before.status, reason: before.statusReason }, after: { status: "active" } },
      },
    ]);
    await bumpControlVersion(t);
    return agent;
  });
}

/** Final: tokens revoked, approvals cancelled, sessions ended; the agent row and history stay. */
export async function retireAgent(db: Db, idOrSlug: string, reason: string, actor: Actor): Promise<Agent> {
  const before = await requireAgent(db, idOrSlug);
  if (before.status === "retired") return before;
  return tx(db, async (t) => {
    const now = new Date();
    const [agent] = await t
      .update(agents)
      .set({ status: "retired", statusChangedAt: now, statusChangedBy: actor.userId, statusReason: reason, updatedAt: now })
      .where(eq(agents.id, before.id))
      .returning();
    const revoked = await revokeAllAgentTokens(t, agent.id, `agent retired: ${reason}`);
    const work = await stopWork(t, agent.id, `agent retired: ${reason}`, actor);
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "agent.retire",
        agentId: agent.id,
        agentSlug: agent.slug,
        resource: `agent:${agent.slug}`,
        payload: { reason, before: { status: before.status }, after: { status: "retired" }, revoked_tokens: revoked.length },
      },
      ...work.events.map((e) => ({ ...e, agentSlug: agent.slug })),
    ]);
    await bumpControlVersion(t);
    return agent;
  });
}

/**
 * Fleet freeze: control_state.fleet_frozen = true, which the decision engine treats as deny-all
 * for every agent (and the registry's agent-token routes as agent_suspended); all pending
 * approvals are cancelled and open sessions ended. Individual agent statuses are untouched, so
 * unfreezing does not resurrect agents that were killed one by one.
 */
export async function freezeFleet(db: Db, reason: string, actor: Actor) {
  return tx(db, async (t) => {
    const now = new Date();
    await t.insert(controlState).values({ id: 1 }).onConflictDoNothing();
    await t
      .update(controlState)
      .set({ fleetFrozen: true, fleetFrozenAt: now, fleetFrozenBy: actor.userId, fleetFrozenReason: reason })
      .where(eq(controlState.id, 1));
    const work = await stopWork(t, null, `fleet frozen: ${reason}`, actor);
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "fleet.freeze",
        resource: "fleet",
        payload: { reason, cancelled_approvals: work.cancelled.length, ended_sessions: work.ended.length },
      },
      ...work.events,
    ]);
    const snap = await bumpControlVersion(t);
    return { cancelledApprovals: work.cancelled.length, endedSessions: work.ended.length, controlVersion: snap.version };
  });
}

export async function unfreezeFleet(db: Db, reason: string, actor: Actor) {
  return tx(db, async (t) => {
    await t.insert(controlState).values({ id: 1 }).onConflictDoNothing();
    await t.update(controlState).set({ fleetFrozen: false, fleetFrozenReason: null }).where(eq(controlState.id, 1));
    await appendAuditEvents(t, [{ ...auditActor(actor), type: "fleet.unfreeze", resource: "fleet", payload: { reason } }]);
    await bumpControlVersion(t);
  });
}

export async function fleetState(db: Db) {
  const [row] = await db.select().from(controlState).where(eq(controlState.id, 1));
  return row ?? { id: 1, version: 0, fleetFrozen: false, fleetFrozenAt: null, fleetFrozenBy: null, fleetFrozenReason: null, updatedAt: new Date(0) };
}

export type ReviewOutcome = "keep" | "reduce" | "revoke";

/**
 * An access review: keep / reduce (the reviewer then edits the scope) / revoke, which retires the
 * agent (or suspends it, when `revokeAs: "suspend"`, to keep the door open).
 */
export async function recordAccessReview(
  db: Db,
  idOrSlug: string,
  input: { outcome: ReviewOutcome; notes?: string | null; revokeAs?: "retire" | "suspend" },
  actor: PersonActor,
) {
  const agent = await requireAgent(db, idOrSlug);
  if (agent.status === "retired") throw conflict("A retired agent is not reviewed.");
  const review = await tx(db, async (t) => {
    const [row] = await t
      .insert(accessReviews)
      .values({ agentId: agent.id, reviewerId: actor.userId, outcome: input.outcome, notes: input.notes ?? null })
      .returning();
    await appendAuditEvents(t, [
      {
        ...auditActor(actor),
        type: "agent.review",
        agentId: agent.id,
        agentSlug: agent.slug,
        resource: `agent:${agent.slug}`,
        payload: { outcome: input.outcome, notes: input.notes ?? null },
      },
    ]);
    return row;
  });
  if (input.outcome === "revoke") {
    const why = `access review revoked the scope${input.notes ? `: ${input.notes}` : ""}`;
    if (input.revokeAs === "suspend") await killAgent(db, agent.id, why, actor);
    else await retireAgent(db, agent.id, why, actor);
  }
  return review;
}
