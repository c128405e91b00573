// Gate-override violations raised by the changes domain. Self-contained writer that follows
// the violations table's grouping contract: hits of one kind for one agent within an hour of
// the open violation's last sighting fold into it (count + 1); the evidence is the audit event
// recorded for the hit. The advisory-lock key matches lib/violations so writers never split a
// group into two rows.
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { violationEvidence, violations } from "@/db/schema";
import { appendAuditEvents } from "@/lib/audit/record";

const WINDOW_MS = 60 * 60 * 1000;

export interface GateOverrideHit {
  agentId: string | null;
  agentSlug: string | null;
  severity: "low" | "medium" | "high" | "critical";
  title: string;
  explanation: string;
  repository: string;
  resource: string;
  sessionId?: string | null;
  details: Record<string, unknown>;
  at?: Date;
}

/** Records the audit event and raises (or folds into) the gate_override violation. Call inside a transaction. */
export async function raiseGateOverride(tx: Db, hit: GateOverrideHit): Promise<{ violationId: string; created: boolean }> {
  const at = hit.at ?? new Date();
  const [event] = await appendAuditEvents(tx, [
    {
      actorKind: "system",
      type: "change.gate_override",
      agentId: hit.agentId,
      agentSlug: hit.agentSlug,
      sessionId: hit.sessionId ?? null,
      actionType: "pr.merge",
      repository: hit.repository,
      resource: hit.resource,
      outcome: "failure",
      payload: hit.details,
      time: at,
    },
  ]);
  const key = `gate_override:${hit.agentId ?? hit.agentSlug ?? "unknown"}`;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${"violation:" + key}))`);
  const [open] = await tx
    .select({ id: violations.id })
    .from(violations)
    .where(
      and(
        eq(violations.groupKey, key),
        inArray(violations.status, ["open", "triaged"]),
        gte(violations.lastSeenAt, new Date(at.getTime() - WINDOW_MS)),
      ),
    )
    .orderBy(desc(violations.lastSeenAt))
    .limit(1);
  let id: string;
  let created = false;
  if (open) {
    id = open.id;
    const rank = sql`array_position(ARRAY['low','medium','high','critical']::text[], ${violations.severity}::text)`;
    const newRank = ["low", "medium", "high", "critical"].indexOf(hit.severity) + 1;
    await tx
      .update(violations)
      .set({
        count: sql`${violations.count} + 1`,
        lastSeenAt: sql`greatest(${violations.lastSeenAt}, ${at.toISOString()}::timestamptz)`,
        severity: sql`(case when ${rank} >= ${newRank} then ${violations.severity} else ${hit.severity}::violation_severity end)`,
        updatedAt: new Date(),
      })
      .where(eq(violations.id, id));
  } else {
    const [row] = await tx
      .insert(violations)
      .values({
        kind: "gate_override",
        severity: hit.severity,
        agentId: hit.agentId,
        agentSlug: hit.agentSlug,
        title: hit.title,
        explanation: hit.explanation,
        groupKey: key,
        firstSeenAt: at,
        lastSeenAt: at,
        details: hit.details,
      })
      .returning({ id: violations.id });
    id = row.id;
    created = true;
  }
  await tx.insert(violationEvidence).values({ violationId: id, eventSeq: event.seq }).onConflictDoNothing();
  return { violationId: id, created };
}
