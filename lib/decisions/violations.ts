import { and, eq, gt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { violationEvidence, violations } from "@/db/schema";

// Self-contained on purpose: the violations domain may take this over later.
export const GROUP_WINDOW_MS = 60 * 60 * 1000;

export interface ViolationInput {
  kind: "forbidden_attempt" | "scope_violation" | (string & {});
  severity: "low" | "medium" | "high" | "critical";
  agentId: string | null;
  agentSlug: string | null;
  title: string;
  explanation: string;
  /** what folds repeats together besides kind and agent (the rule, the scope dimension) */
  group: string;
  details?: unknown;
  /** the audit event that is the evidence */
  eventSeq?: number;
  at?: Date;
}

export const groupKeyOf = (v: Pick<ViolationInput, "kind" | "agentId" | "agentSlug" | "group">) =>
  `${v.kind}:${v.agentId ?? v.agentSlug ?? "unknown"}:${v.group}`;

/**
 * Records violations inside the caller's transaction. The same kind + agent + group seen
 * again within an hour of the last sighting adds to that violation (count, last seen,
 * evidence) instead of opening a new one.
 */
export async function recordViolations(tx: Db, inputs: ViolationInput[]) {
  const byKey = new Map<string, ViolationInput[]>();
  for (const v of inputs) {
    const k = groupKeyOf(v);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(v);
  }
  for (const [groupKey, list] of byKey) {
    const last = list[list.length - 1];
    const at = last.at ?? new Date();
    const existing = await tx
      .select({ id: violations.id })
      .from(violations)
      .where(and(eq(violations.groupKey, groupKey), gt(violations.lastSeenAt, new Date(at.getTime() - GROUP_WINDOW_MS))))
      .orderBy(sql`${violations.lastSeenAt} DESC`)
      .limit(1)
      .for("update");
    let id: string;
    if (existing[0]) {
      id = existing[0].id;
      await tx
        .update(violations)
        .set({ count: sql`${violations.count} + ${list.length}`, lastSeenAt: at, updatedAt: at })
        .where(eq(violations.id, id));
    } else {
      const [row] = await tx
        .insert(violations)
        .values({
          kind: last.kind,
          severity: last.severity,
          agentId: last.agentId,
          agentSlug: last.agentSlug,
          title: last.title,
          explanation: last.explanation,
          groupKey,
          count: list.length,
          firstSeenAt: list[0].at ?? at,
          lastSeenAt: at,
          details: (last.details ?? null) as never,
        })
        .returning({ id: violations.id });
      id = row.id;
    }
    const seqs = list.map((v) => v.eventSeq).filter((s): s is number => typeof s === "number");
    if (seqs.length)
      await tx
        .insert(violationEvidence)
        .values(seqs.map((eventSeq) => ({ violationId: id, eventSeq })))
        .onConflictDoNothing();
  }
}
