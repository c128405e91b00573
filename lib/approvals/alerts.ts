import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Queues an alert delivery per enabled webhook that asks for approval requests
 * (`notify_approvals`), in the caller's transaction: the requests and their alerts commit
 * together. lib/violations/alerts.ts delivers them (signed, retried with backoff).
 */
export async function enqueueApprovalAlerts(tx: Db, approvalIds: string[]): Promise<number> {
  if (approvalIds.length === 0) return 0;
  const res = (await tx.execute(sql`
    INSERT INTO alert_deliveries (webhook_id, approval_id)
    SELECT w.id, a.id FROM alert_webhooks w CROSS JOIN unnest(${`{${approvalIds.join(",")}}`}::uuid[]) AS a(id)
    WHERE w.enabled AND w.notify_approvals
    RETURNING id
  `)) as unknown as { rows: unknown[] };
  return res.rows.length;
}
