import { and, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditEvents } from "@/db/schema";

export interface KillInfo {
  by: string;
  at: Date;
  reason: string;
}

/**
 * Who killed a suspended agent, when and why — from its newest agent.kill audit event (the
 * kill and its event are one transaction, so a suspended agent has one). One indexed read
 * (agent_id, seq); callers ask only for suspended agents.
 */
export async function lastKill(db: Db, agentId: string): Promise<KillInfo | null> {
  const [e] = await db
    .select({ label: auditEvents.actorLabel, kind: auditEvents.actorKind, time: auditEvents.time, payload: auditEvents.payload })
    .from(auditEvents)
    .where(and(eq(auditEvents.agentId, agentId), eq(auditEvents.type, "agent.kill")))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  if (!e) return null;
  const reason = (e.payload as { reason?: unknown } | null)?.reason;
  return { by: e.label ?? e.kind, at: e.time, reason: typeof reason === "string" ? reason : "" };
}
