import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { approvalRequests } from "@/db/schema";
import { canonicalJson, sha256Hex } from "@/lib/audit/canonical";
import type { Action } from "@/lib/policy/types";
import { redactValue } from "@/lib/redaction/redact";

/**
 * An approval covers one action of one agent. When the same agent asks for the identical
 * action again — a hook that timed out and was retried, an agent that re-asks instead of
 * polling — the open request is found again instead of a second one landing in the queue, and
 * an approved request that no call has used yet lets exactly one call through.
 */

/** The action's identity: a hash of its canonical, redacted form (no secret is kept, even hashed). */
export function actionKey(action: Action): string {
  return sha256Hex(canonicalJson(redactValue(action).value));
}

export interface ReusableApproval {
  id: string;
  status: "pending" | "approved";
  expiresAt: Date;
  decidedByLabel: string | null;
  reason: string | null;
}

/**
 * The newest request of this agent for this action that is still open (pending, not expired)
 * or approved within the last `grantSeconds` and not used yet.
 */
export async function findReusableApproval(
  db: Db,
  agentId: string,
  key: string,
  grantSeconds: number,
  now = new Date(),
): Promise<ReusableApproval | undefined> {
  const rows = await db
    .select({
      id: approvalRequests.id,
      status: approvalRequests.status,
      expiresAt: approvalRequests.expiresAt,
      decidedByLabel: approvalRequests.decidedByLabel,
      reason: approvalRequests.reason,
    })
    .from(approvalRequests)
    .where(
      and(
        eq(approvalRequests.agentId, agentId),
        eq(approvalRequests.actionKey, key),
        or(
          and(eq(approvalRequests.status, "pending"), gt(approvalRequests.expiresAt, now)),
          and(
            eq(approvalRequests.status, "approved"),
            isNull(approvalRequests.usedAt),
            gt(approvalRequests.decidedAt, new Date(now.getTime() - grantSeconds * 1000)),
          ),
        ),
      ),
    )
    .orderBy(desc(approvalRequests.createdAt))
    .limit(1);
  const r = rows[0];
  if (!r || (r.status !== "pending" && r.status !== "approved")) return undefined;
  return { ...r, status: r.status };
}

/** Uses an approved request for one call; false when another call already used it. */
export async function claimApproval(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(approvalRequests)
    .set({ usedAt: sql`now()` })
    .where(and(eq(approvalRequests.id, id), eq(approvalRequests.status, "approved"), isNull(approvalRequests.usedAt)))
    .returning({ id: approvalRequests.id });
  return rows.length === 1;
}

export function approvedReason(id: string, by: string | null, reason: string | null): string {
  return `Approved by ${by ?? "an approver"} (approval ${id})${reason ? `: ${reason}` : ""}`;
}
